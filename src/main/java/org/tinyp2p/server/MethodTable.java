package org.tinyp2p.server;

import java.util.HashMap;
import java.util.Map;
import org.apache.xmlrpc.server.XmlRpcHandlerMapping;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.XmlRpcHandler;

/** The methods a server answers, by name; anything else is "no such method". */
final class MethodTable implements XmlRpcHandlerMapping {
    private final Map<String, XmlRpcHandler> handlers = new HashMap<>();

    MethodTable add(String name, XmlRpcHandler handler) {
        handlers.put(name, handler);
        return this;
    }

    @Override
    public XmlRpcHandler getHandler(String name) throws XmlRpcNoSuchHandlerException {
        XmlRpcHandler handler = handlers.get(name);
        if (handler == null) {
            throw new XmlRpcNoSuchHandlerException("no such method");
        }
        return handler;
    }
}
