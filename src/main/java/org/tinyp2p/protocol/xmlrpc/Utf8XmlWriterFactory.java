package org.tinyp2p.protocol.xmlrpc;

import java.io.OutputStream;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.serializer.XmlWriterFactory;
import org.xml.sax.ContentHandler;

/** Installs {@link Utf8XmlWriter} on an Apache XML-RPC client or server; every message is UTF-8. */
public final class Utf8XmlWriterFactory implements XmlWriterFactory {
    @Override
    public ContentHandler getXmlWriter(XmlRpcStreamConfig config, OutputStream stream) {
        return new Utf8XmlWriter(stream);
    }
}
