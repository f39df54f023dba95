package org.tinyp2p.server.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler and its filters for the requests whose path starts with a prefix (the JDK's HttpContext). */
final class Route extends HttpContext {
    private final String prefix;
    private final int maxBody;
    private volatile HttpHandler handler;
    private final List<Filter> filters = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();

    Route(String prefix, HttpHandler handler, int maxBody) {
        this.prefix = prefix;
        this.handler = handler;
        this.maxBody = maxBody;
    }

    /** The largest request body its handler takes: the door answers 413 to a larger one, unread. */
    int maxBody() {
        return maxBody;
    }

    @Override
    public HttpHandler getHandler() {
        return handler;
    }

    @Override
    public void setHandler(HttpHandler handler) {
        this.handler = handler;
    }

    @Override
    public String getPath() {
        return prefix;
    }

    /** There is no JDK server behind this one. */
    @Override
    public HttpServer getServer() {
        return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    @Override
    public List<Filter> getFilters() {
        return filters;
    }

    @Override
    public Authenticator setAuthenticator(Authenticator auth) {
        throw new UnsupportedOperationException("callers prove the password instead");
    }

    @Override
    public Authenticator getAuthenticator() {
        return null;
    }
}
