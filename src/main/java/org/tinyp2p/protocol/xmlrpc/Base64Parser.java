package org.tinyp2p.protocol.xmlrpc;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import javax.xml.namespace.QName;
import org.apache.xmlrpc.parser.TypeParserImpl;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a {@code <base64>} value: collects its text and decodes it in one go with java.util.Base64, instead
 * of Apache's decoder, which works one character at a time and made fetch about four times slower.
 * Line breaks and other whitespace inside the value are allowed, as XML-RPC writers insert them.
 */
final class Base64Parser extends TypeParserImpl {
    /** Text buffers kept per thread up to this size (our chunks' base64 fits), so a fetch allocates little. */
    private static final int KEEP = 4 * 1024 * 1024;
    private static final ThreadLocal<byte[]> TEXT = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    private static final ThreadLocal<CharsetEncoder> LATIN1 = ThreadLocal.withInitial(StandardCharsets.ISO_8859_1::newEncoder);

    private final boolean keepText;
    private int level;
    private byte[] text;
    private int length;

    /** @param keepText whether this thread's text buffer is kept for the next value (see {@link FastTypeFactory}) */
    Base64Parser(boolean keepText) {
        this.keepText = keepText;
        this.text = keepText ? TEXT.get() : new byte[8192];
    }

    @Override
    public void startDocument() {
        level = 0;
        length = 0;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
        if (level++ != 0) {
            throw new SAXParseException("Unexpected start tag in atomic element: " + new QName(uri, localName), getDocumentLocator());
        }
    }

    @Override
    public void characters(char[] chars, int start, int count) throws SAXException {
        if (level == 0) {
            if (!isEmpty(chars, start, count)) {
                throw new SAXParseException("Unexpected non-whitespace characters", getDocumentLocator());
            }
            return;
        }
        if (length + count > text.length) {
            text = Arrays.copyOf(text, Math.max(text.length * 2, length + count));
            if (keepText && text.length <= KEEP) {
                TEXT.set(text);
            }
        }
        // The Latin-1 encoder narrows chars to bytes with one vectorized pass, into our buffer; a character it
        // cannot narrow is not base64 anyway. (A char loop here was the largest cost of a fetch.)
        CharsetEncoder encoder = LATIN1.get().reset();
        CoderResult result = encoder.encode(CharBuffer.wrap(chars, start, count), ByteBuffer.wrap(text, length, count), true);
        if (result.isError()) {
            throw new SAXParseException("Invalid character in base64 data", getDocumentLocator());
        }
        length += count;
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (--level != 0) {
            throw new SAXParseException("Unexpected end tag in atomic element: " + new QName(uri, localName), getDocumentLocator());
        }
        try {
            setResult(decode(text, length));
        } catch (IllegalArgumentException e) {
            throw new SAXParseException("Failed to decode base64 data", getDocumentLocator());
        }
    }

    /**
     * Decodes strictly: whitespace (which XML-RPC writers may insert) is allowed, any other character outside
     * the base64 alphabet is refused. Our servers write no whitespace, so the usual case is one pass, in
     * slices through two small per-thread arrays into a pooled buffer: nothing chunk-sized is allocated.
     *
     * @throws IllegalArgumentException if it is not base64
     */
    static PooledBytes decode(byte[] base64, int length) {
        try {
            return decodeInSlices(base64, length);
        } catch (IllegalArgumentException maybeWhitespace) {
            int kept = 0;
            for (int i = 0; i < length; i++) {
                byte b = base64[i];
                if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                    base64[kept++] = b;
                }
            }
            if (kept == length) {
                throw maybeWhitespace;
            }
            return decodeInSlices(base64, kept);
        }
    }

    /** Base64 characters per slice: a multiple of 4, so only the last slice may hold padding. */
    private static final int SLICE = 64 * 1024;
    private static final ThreadLocal<byte[][]> SLICES = ThreadLocal.withInitial(() -> new byte[][] {new byte[SLICE], new byte[SLICE / 4 * 3]});

    private static PooledBytes decodeInSlices(byte[] base64, int length) {
        Base64.Decoder decoder = Base64.getDecoder();
        byte[][] slices = SLICES.get();
        byte[] room = PooledBytes.room((length + 3) / 4 * 3);
        int filled = 0;
        try {
            for (int from = 0; from < length; from += SLICE) {
                int n = Math.min(SLICE, length - from);
                byte[] in = n == SLICE ? slices[0] : new byte[n];
                System.arraycopy(base64, from, in, 0, n);
                int decoded = decoder.decode(in, slices[1]);
                System.arraycopy(slices[1], 0, room, filled, decoded);
                filled += decoded;
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            PooledBytes.filled(room, 0).release();
            throw new IllegalArgumentException("not base64", e);
        }
        return PooledBytes.filled(room, filled);
    }
}
