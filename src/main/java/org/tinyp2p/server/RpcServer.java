package org.tinyp2p.server;

import org.tinyp2p.protocol.xmlrpc.Utf8XmlWriterFactory;
import org.tinyp2p.protocol.xmlrpc.FastTypeFactory;
import java.io.OutputStream;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.common.XmlRpcStreamRequestConfig;
import org.apache.xmlrpc.server.XmlRpcErrorLogger;
import org.apache.xmlrpc.server.XmlRpcNoSuchHandlerException;
import org.apache.xmlrpc.server.XmlRpcStreamServer;
import org.tinyp2p.Report;
import org.tinyp2p.protocol.Faults;
import org.xml.sax.SAXException;

/**
 * Apache's XML-RPC request processor, with our UTF-8 writer and faults that never leak: a fault of ours is
 * sent as it is, a request the library could not read becomes "bad request", and anything else becomes
 * "internal server error" while the detail goes to the server's log.
 */
final class RpcServer extends XmlRpcStreamServer {
    private final Report report;

    RpcServer(MethodTable methods, Report report) {
        this.report = report;
        setHandlerMapping(methods);
        setXMLWriterFactory(new Utf8XmlWriterFactory());
        setTypeFactory(new FastTypeFactory(this, false));
        setErrorLogger(new XmlRpcErrorLogger() {
            @Override
            public void log(String message, Throwable t) {
                report.debug("request failed: " + message);
            }

            @Override
            public void log(String message) {
                report.debug("request failed: " + message);
            }
        });
    }

    @Override
    protected void writeError(XmlRpcStreamRequestConfig config, OutputStream stream, Throwable error) throws XmlRpcException {
        int code;
        String message;
        if (error instanceof XmlRpcNoSuchHandlerException) {
            code = Faults.BAD_REQUEST;
            message = "bad request: no such method";
        } else if (error instanceof XmlRpcException fault && Faults.isOurs(fault.code)) {
            code = fault.code;
            message = fault.getMessage();
        } else if (error instanceof XmlRpcException) {
            code = Faults.BAD_REQUEST;
            message = "bad request: not a valid XML-RPC call";
        } else {
            report.warn("internal error answering a call: " + error);
            code = Faults.INTERNAL;
            message = "internal server error";
        }
        try {
            getXmlRpcWriter(config, stream).write(config, code, message);
        } catch (SAXException e) {
            throw new XmlRpcException("Failed to write XML-RPC response: " + e.getMessage(), e);
        }
    }

}
