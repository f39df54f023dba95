package org.tinyp2p.protocol.xmlrpc;

import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.serializer.ByteArraySerializer;
import org.apache.xmlrpc.serializer.TypeSerializer;
import org.xml.sax.SAXException;
import org.apache.ws.commons.util.NamespaceContextImpl;

/**
 * Apache's type factory with a fast way in and out for base64 ({@link Base64Parser}, {@link Base64Serializer});
 * everything else is as shipped (extensions off). Used by clients and servers.
 */
public final class FastTypeFactory extends TypeFactoryImpl {
    private final boolean receivesChunks;

    /**
     * @param receivesChunks a client's: file chunks arrive as base64, so their parsers keep buffers per thread.
     *                       A server's requests never carry base64, and one that does must not make it keep any.
     */
    public FastTypeFactory(XmlRpcController controller, boolean receivesChunks) {
        super(controller);
        this.receivesChunks = receivesChunks;
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if ("".equals(uri) && ByteArraySerializer.BASE_64_TAG.equals(localName)) {
            return new Base64Parser(receivesChunks);
        }
        return super.getParser(config, context, uri, localName);
    }

    @Override
    public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object value) throws SAXException {
        return value instanceof byte[] || value instanceof PooledBytes ? new Base64Serializer() : super.getSerializer(config, value);
    }
}
