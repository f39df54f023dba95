package org.tinyp2p.protocol;

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
    public FastTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if ("".equals(uri) && ByteArraySerializer.BASE_64_TAG.equals(localName)) {
            return new Base64Parser();
        }
        return super.getParser(config, context, uri, localName);
    }

    @Override
    public TypeSerializer getSerializer(XmlRpcStreamConfig config, Object value) throws SAXException {
        return value instanceof byte[] || value instanceof PooledBytes ? new Base64Serializer() : super.getSerializer(config, value);
    }
}
