package org.tinyp2p.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;
import org.tinyp2p.Report;
import org.tinyp2p.protocol.Faults;

/**
 * A method whose first argument authenticates the call ({@code protocol.CallAuthenticator}, {@link ReplayGuard}). The
 * check comes before anything else, including the check of the other arguments, so a caller without the
 * password learns nothing but "password refused".
 * Failures inside the method become faults that say nothing of the server's insides.
 */
final class AuthenticatedMethod implements XmlRpcHandler {
    @FunctionalInterface
    interface Body {
        Object run(List<Object> args, String caller) throws XmlRpcException, IOException;
    }

    private final String name;
    private final int arity;
    private final int maxArity;
    private final Body body;
    private final Report report;

    private final ReplayGuard guard;

    AuthenticatedMethod(String name, int arity, ReplayGuard guard, Report report, Body body) {
        this(name, arity, arity, guard, report, body);
    }

    /** A method whose last {@code maxArity - arity} arguments may be left out. */
    AuthenticatedMethod(String name, int arity, int maxArity, ReplayGuard guard, Report report, Body body) {
        this.guard = guard;
        this.name = name;
        this.arity = arity;
        this.maxArity = maxArity;
        this.report = report;
        this.body = body;
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        int count = request.getParameterCount();
        if (count < 1) {
            throw Faults.passwordRefused();
        }
        List<Object> args = new ArrayList<>(count - 1);
        for (int i = 1; i < count; i++) {
            args.add(request.getParameter(i));
        }
        RequestContext context = request.getConfig() instanceof RequestContext c ? c : null;
        guard.admit(request.getParameter(0), name, args);
        if (args.size() < arity || args.size() > maxArity) {
            throw Faults.badRequest(name + " takes " + (arity == maxArity ? arity : arity + " to " + maxArity)
                    + " argument(s) after the authentication");
        }
        try {
            return body.run(args, context == null ? "?" : context.caller());
        } catch (IOException | RuntimeException e) {
            report.warn("error answering " + name + ": " + e);
            throw Faults.internal();
        }
    }
}
