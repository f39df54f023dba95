package org.tinyp2p.protocol.xmlrpc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;

/**
 * Writes Apache XML-RPC's SAX events as UTF-8 XML straight into a byte buffer. It replaces the writer that
 * ships with 3.1.3, which writes characters outside the Basic Multilingual Plane (emoji) as two surrogate
 * character references that every parser rejects, lets carriage returns be normalised away, and writes one
 * character at a time through a synchronized writer. Here a supplementary character is written as its four
 * UTF-8 bytes, a carriage return as {@code &#13;}, and characters XML cannot carry are refused loudly.
 */
final class Utf8XmlWriter implements ContentHandler {
    private static final byte[] DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;
    private char pendingHighSurrogate;

    Utf8XmlWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void startDocument() throws SAXException {
        ascii(DECLARATION, DECLARATION.length);
    }

    @Override
    public void endDocument() throws SAXException {
        try {
            drain();
            out.flush();
        } catch (IOException e) {
            throw new SAXException(e);
        }
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        put('<');
        ascii(qName);
        for (int i = 0; i < atts.getLength(); i++) {
            put(' ');
            ascii(atts.getQName(i));
            ascii("=\"");
            text(atts.getValue(i).toCharArray(), 0, atts.getValue(i).length(), true);
            put('"');
        }
        put('>');
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (pendingHighSurrogate != 0) {
            throw new SAXException("a broken character cannot be written in XML");
        }
        put('<');
        put('/');
        ascii(qName);
        put('>');
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        text(ch, start, length, false);
    }

    private void text(char[] ch, int start, int length, boolean attribute) throws SAXException {
        int end = start + length;
        for (int i = start; i < end; i++) {
            char c = ch[i];
            if (pendingHighSurrogate != 0) {
                if (!Character.isLowSurrogate(c)) {
                    throw new SAXException("a broken character cannot be written in XML");
                }
                codePoint(Character.toCodePoint(pendingHighSurrogate, c));
                pendingHighSurrogate = 0;
            } else if (c >= 0x20 && c < 0x80) {
                switch (c) {
                    case '<' -> ascii("&lt;");
                    case '>' -> ascii("&gt;");
                    case '&' -> ascii("&amp;");
                    case '"' -> ascii(attribute ? "&quot;" : "\"");
                    default -> put(c);
                }
            } else if (c == '\n' || c == '\t') {
                ascii(attribute ? "&#" + (int) c + ";" : String.valueOf(c));
            } else if (c == '\r') {
                ascii("&#13;"); // a literal CR would be normalised to LF by the reader
            } else if (Character.isHighSurrogate(c)) {
                pendingHighSurrogate = c;
            } else if (c < 0x20 || Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                throw new SAXException("character U+" + Integer.toHexString(c) + " cannot be written in XML");
            } else {
                codePoint(c);
            }
        }
    }

    private void codePoint(int cp) throws SAXException {
        if (cp < 0x800) {
            put(0xC0 | (cp >> 6));
            put(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            put(0xE0 | (cp >> 12));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        } else {
            put(0xF0 | (cp >> 18));
            put(0x80 | ((cp >> 12) & 0x3F));
            put(0x80 | ((cp >> 6) & 0x3F));
            put(0x80 | (cp & 0x3F));
        }
    }

    private void ascii(String s) throws SAXException {
        for (int i = 0; i < s.length(); i++) {
            put(s.charAt(i));
        }
    }

    /** Appends text known to be plain ASCII with nothing to escape (base64), in bulk. */
    void ascii(byte[] bytes, int length) throws SAXException {
        int done = 0;
        while (done < length) {
            if (used == buffer.length) {
                try {
                    drain();
                } catch (IOException e) {
                    throw new SAXException(e);
                }
            }
            int n = Math.min(length - done, buffer.length - used);
            System.arraycopy(bytes, done, buffer, used, n);
            used += n;
            done += n;
        }
    }

    private void put(int b) throws SAXException {
        if (used == buffer.length) {
            try {
                drain();
            } catch (IOException e) {
                throw new SAXException(e);
            }
        }
        buffer[used++] = (byte) b;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        characters(ch, start, length);
    }

    @Override
    public void setDocumentLocator(Locator locator) {
    }

    @Override
    public void startPrefixMapping(String prefix, String uri) {
    }

    @Override
    public void endPrefixMapping(String prefix) {
    }

    @Override
    public void processingInstruction(String target, String data) {
    }

    @Override
    public void skippedEntity(String name) {
    }
}
