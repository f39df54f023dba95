package org.tinyp2p.protocol.xmlrpc;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.xmlrpc.serializer.ByteArraySerializer;
import org.apache.xmlrpc.serializer.TypeSerializerImpl;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Writes a {@code byte[]} as {@code <base64>} with java.util.Base64 in one pass. Into our
 * {@link Utf8XmlWriter} the encoded bytes go straight to its buffer; Apache's own serializer encodes and
 * hands over the text 1,024 characters at a time, which dominated the cost of a fetch.
 */
final class Base64Serializer extends TypeSerializerImpl {
    private static final int SLICE = 48 * 1024; // a multiple of 3, so slices encode without padding in between

    /** Full slices go through two arrays kept per thread; only a file's last, shorter slice allocates. */
    private static final ThreadLocal<byte[][]> SLICES = ThreadLocal.withInitial(() -> new byte[][] {new byte[SLICE], new byte[SLICE / 3 * 4]});

    @Override
    public void write(ContentHandler handler, Object value) throws SAXException {
        PooledBytes pooled = value instanceof PooledBytes p ? p : null;
        try {
            ByteBuffer bytes = pooled != null ? pooled.view() : ByteBuffer.wrap((byte[]) value);
            handler.startElement("", VALUE_TAG, VALUE_TAG, ZERO_ATTRIBUTES);
            handler.startElement("", ByteArraySerializer.BASE_64_TAG, ByteArraySerializer.BASE_64_TAG, ZERO_ATTRIBUTES);
            Base64.Encoder encoder = Base64.getEncoder();
            byte[][] slices = SLICES.get();
            while (bytes.hasRemaining()) {
                int n = Math.min(SLICE, bytes.remaining());
                byte[] slice = n == SLICE ? slices[0] : new byte[n];
                bytes.get(slice, 0, n);
                byte[] encoded = n == SLICE ? slices[1] : new byte[(n + 2) / 3 * 4];
                int length = encoder.encode(slice, encoded);
                if (handler instanceof Utf8XmlWriter writer) {
                    writer.ascii(encoded, length);
                } else {
                    char[] chars = new char[length];
                    for (int i = 0; i < length; i++) {
                        chars[i] = (char) encoded[i];
                    }
                    handler.characters(chars, 0, length);
                }
            }
            handler.endElement("", ByteArraySerializer.BASE_64_TAG, ByteArraySerializer.BASE_64_TAG);
            handler.endElement("", VALUE_TAG, VALUE_TAG);
        } finally {
            if (pooled != null) {
                pooled.release();
            }
        }
    }
}
