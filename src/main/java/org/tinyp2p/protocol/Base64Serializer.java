package org.tinyp2p.protocol;

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

    @Override
    public void write(ContentHandler handler, Object value) throws SAXException {
        byte[] bytes = (byte[]) value;
        handler.startElement("", VALUE_TAG, VALUE_TAG, ZERO_ATTRIBUTES);
        handler.startElement("", ByteArraySerializer.BASE_64_TAG, ByteArraySerializer.BASE_64_TAG, ZERO_ATTRIBUTES);
        Base64.Encoder encoder = Base64.getEncoder();
        for (int start = 0; start < bytes.length; start += SLICE) {
            byte[] slice = java.util.Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + SLICE));
            byte[] encoded = encoder.encode(slice);
            if (handler instanceof Utf8XmlWriter writer) {
                writer.ascii(encoded);
            } else {
                char[] chars = new char[encoded.length];
                for (int i = 0; i < encoded.length; i++) {
                    chars[i] = (char) encoded[i];
                }
                handler.characters(chars, 0, chars.length);
            }
        }
        handler.endElement("", ByteArraySerializer.BASE_64_TAG, ByteArraySerializer.BASE_64_TAG);
        handler.endElement("", VALUE_TAG, VALUE_TAG);
    }
}
