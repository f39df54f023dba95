package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.protocol.Protocol;

/**
 * The raw download path: {@code GET /files/NAME}, with the call's authentication in the Authorization header
 * and an optional single Range, answered by streaming the file without base64 or XML. The same password
 * check and name safety as {@code fetch}; the password is checked before the name is even looked at.
 */
final class RawFileEndpoint implements HttpHandler {
    private static final int BUFFER = 256 * 1024;

    private final SharedFolder folder;
    private final HashCache hashes;
    private final ReplayGuard guard;
    private final Report report;

    RawFileEndpoint(SharedFolder folder, HashCache hashes, ReplayGuard guard, Report report) {
        this.folder = folder;
        this.hashes = hashes;
        this.guard = guard;
        this.report = report;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().close();
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                PlainText.send(exchange, 405, "method not allowed");
                return;
            }
            String name = exchange.getRequestURI().getPath().substring(Protocol.RAW_PREFIX.length());
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (!guard.admitHeader(exchange, Protocol.RAW_METHOD, List.of(name, range == null ? "" : range))) {
                return;
            }
            Optional<Path> path = folder.resolve(name);
            Optional<java.nio.channels.FileChannel> file = path.isEmpty() ? Optional.empty() : folder.openRead(name);
            if (file.isEmpty()) {
                PlainText.send(exchange, 404, "no such file");
                return;
            }
            stream(exchange, path.get(), file.get(), name, range);
        } catch (IOException e) {
            report.debug("raw download to " + Callers.of(exchange) + " ended: " + e.getMessage());
        }
    }

    /** @param file the shared file's path, for its cached hash; {@code opened} the file itself */
    private void stream(HttpExchange exchange, Path file, FileChannel opened, String name, String rangeHeader) throws IOException {
        try (FileChannel channel = opened) {
            long size = channel.size();
            Optional<ByteRange> range = size == 0 && rangeHeader == null ? Optional.of(new ByteRange(0, 0)) : ByteRange.parse(rangeHeader, size);
            if (range.isEmpty()) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
                PlainText.send(exchange, 416, "range not satisfiable");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            hashes.cached(file).ifPresent(sha -> exchange.getResponseHeaders().set(Protocol.SHA256_HEADER, sha));
            long first = range.get().first();
            long length = range.get().length();
            if (rangeHeader != null) {
                exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + (first + length - 1) + "/" + size);
            }
            exchange.sendResponseHeaders(rangeHeader != null ? 206 : 200, length == 0 ? -1 : length);
            OutputStream out = exchange.getResponseBody();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(length, 1)));
            long position = first;
            long end = first + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException(name + " shrank while it was sent"); // the client sees a short body
                }
                out.write(buffer.array(), 0, n);
                position += n;
            }
            out.flush();
            String to = Callers.of(exchange).getHostAddress();
            if (rangeHeader != null && !rangeHeader.trim().endsWith("-")) {
                // one range of a file fetched from several peers at once: a line each would flood the log
                report.debug("served bytes " + first + "-" + (end - 1) + " of " + name + " to " + to);
            } else if (end == size) {
                report.info("Served " + org.tinyp2p.files.FileNames.quote(name) + " (" + size + " bytes"
                        + (first > 0 ? ", from byte " + first : "") + ") to " + to);
            }
        }
    }
}
