package org.tinyp2p.protocol.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.apache.xmlrpc.client.XmlRpcClientRequestImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcHttpRequestConfigImpl;
import org.apache.xmlrpc.parser.XmlRpcRequestParser;
import org.apache.xmlrpc.serializer.DefaultXMLWriterFactory;
import org.apache.xmlrpc.serializer.XmlRpcWriter;
import org.apache.xmlrpc.serializer.XmlWriterFactory;
import org.apache.xmlrpc.util.SAXParsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

class Utf8XmlWriterTest {
    static final String EMOJI = "photo 😀 日本 é.png";
    static final String CRLF = "line\r\nnext\rlast & <tag> \"q\"\t";

    @BeforeAll
    static void harden() {
        JvmHardening.install();
    }

    @Test
    void stringsWithEmojiAndCarriageReturnsSurviveTheRoundTrip() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        List<Object> params = roundTrip(new Utf8XmlWriterFactory(), EMOJI, CRLF, all, "");
        assertEquals(EMOJI, params.get(0));
        assertEquals(CRLF, params.get(1));
        assertArrayEquals(all, (byte[]) params.get(2));
        assertEquals("", params.get(3));
    }

    @Test
    void theStockWriterBreaksEmojiWhichIsWhyWeReplaceIt() {
        assertThrows(Exception.class, () -> {
            List<Object> params = roundTrip(new DefaultXMLWriterFactory(), EMOJI);
            if (!EMOJI.equals(params.get(0))) {
                throw new AssertionError("mangled");
            }
        });
    }

    @Test
    void charactersXmlCannotCarryAreRefusedNotMangled() {
        assertThrows(Exception.class, () -> roundTrip(new Utf8XmlWriterFactory(), "a\u0001b"));
        assertThrows(Exception.class, () -> roundTrip(new Utf8XmlWriterFactory(), "broken \ud83d"));
    }

    private static List<Object> roundTrip(XmlWriterFactory factory, Object... params) throws Exception {
        XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
        config.setEncoding("UTF-8");
        ByteArrayOutputStream xml = new ByteArrayOutputStream();
        TypeFactoryImpl types = new TypeFactoryImpl(null);
        new XmlRpcWriter(config, factory.getXmlWriter(config, xml), types)
                .write(new XmlRpcClientRequestImpl(config, "m", params));
        XmlRpcRequestParser parser = new XmlRpcRequestParser(new XmlRpcHttpRequestConfigImpl(), types);
        XMLReader reader = SAXParsers.newXMLReader();
        reader.setContentHandler(parser);
        reader.parse(new InputSource(new ByteArrayInputStream(xml.toByteArray())));
        @SuppressWarnings("unchecked")
        List<Object> parsed = parser.getParams();
        return parsed;
    }
}
