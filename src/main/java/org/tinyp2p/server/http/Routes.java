package org.tinyp2p.server.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Which handler answers a path: the route with the longest prefix of it, as the JDK's server chooses. */
public final class Routes {
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /**
     * Routes the paths that start with {@code prefix} to {@code handler}, with request bodies of at most
     * {@code maxBody} bytes (and never more than the door's {@link Door.Limits#maxBodyBytes}), which the door
     * reads before the handler runs; add filters to what it returns.
     */
    public HttpContext add(String prefix, HttpHandler handler, int maxBody) {
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("a route is a path: " + prefix);
        }
        Route route = new Route(prefix, handler, maxBody);
        routes.add(route);
        return route;
    }

    Optional<Route> find(String path) {
        return routes.stream().filter(r -> path.startsWith(r.getPath()))
                .max(Comparator.comparingInt(r -> r.getPath().length()));
    }
}
