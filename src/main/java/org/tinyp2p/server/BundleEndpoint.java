package org.tinyp2p.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinyp2p.Report;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.protocol.PercentEncoding;
import org.tinyp2p.protocol.Protocol;

/**
 * Several small files in one answer ({@link Protocol#BUNDLE_PATH}): a run of thousands of small files pays a
 * request, a signature and an answer head per bundle instead of per file. The call is authenticated over the
 * names it asks for before any name is looked at; each name gets the same safety as the raw path
 * ({@link SharedFolder#openRead}). Answers are bounded: {@link Protocol#MAX_BUNDLE_FILES} names, files up to
 * {@link Protocol#MAX_BUNDLED_FILE}, {@link Protocol#MAX_BUNDLE_BYTES} in all; whatever falls outside is
 * answered {@code -}, and the client asks for it alone.
 */
final class BundleEndpoint implements HttpHandler {
    private final SharedFolder folder;
    private final HashCache hashes;
    private final ReplayGuard guard;
    private final Report report;

    BundleEndpoint(SharedFolder folder, HashCache hashes, ReplayGuard guard, Report report) {
        this.folder = folder;
        this.hashes = hashes;
        this.guard = guard;
        this.report = report;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(Protocol.BUNDLE_PATH)) {
                exchange.getRequestBody().close();
                PlainText.send(exchange, 404, "not found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getRequestBody().close();
                exchange.getResponseHeaders().set("Allow", "POST");
                PlainText.send(exchange, 405, "method not allowed");
                return;
            }
            Optional<List<String>> names = names(exchange.getRequestBody());
            if (names.isEmpty()) {
                PlainText.send(exchange, 400, "a bundle asks for 1 to " + Protocol.MAX_BUNDLE_FILES + " different percent-encoded names, a line each");
                return;
            }
            if (!guard.admitHeader(exchange, Protocol.BUNDLE_METHOD, names.get())) {
                return;
            }
            answer(exchange, names.get());
        } catch (IOException e) {
            report.debug("bundle to " + Callers.of(exchange) + " ended: " + e.getMessage());
        }
    }

    /** The names asked for, or empty if the request is not a bundle request as clients of ours write it. */
    private static Optional<List<String>> names(InputStream body) throws IOException {
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(Protocol.MAX_BUNDLE_REQUEST + 1);
        }
        if (bytes.length == 0 || bytes.length > Protocol.MAX_BUNDLE_REQUEST) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String line : new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            Optional<String> name = PercentEncoding.decode(line);
            // a name twice is never asked by a client of ours: it would only multiply the work and the log
            if (name.isEmpty() || name.get().isEmpty() || names.size() == Protocol.MAX_BUNDLE_FILES || !distinct.add(name.get())) {
                return Optional.empty();
            }
            names.add(name.get());
        }
        return Optional.of(names);
    }

    private void answer(HttpExchange exchange, List<String> names) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        List<String> served = new ArrayList<>(); // for the log, written once the answer is out
        int budget = Protocol.MAX_BUNDLE_BYTES;
        for (String name : names) {
            Optional<Served> file = read(name, budget);
            if (file.isEmpty()) {
                body.write('-');
                body.write('\n');
                continue;
            }
            byte[] bytes = file.get().bytes();
            budget -= bytes.length;
            body.write((bytes.length + " " + file.get().sha256() + "\n").getBytes(StandardCharsets.US_ASCII));
            body.write(bytes);
            served.add(FileNames.quote(name) + " (" + bytes.length + " bytes)");
        }
        exchange.getResponseHeaders().set("Content-Type", Protocol.BUNDLE_TYPE);
        exchange.sendResponseHeaders(200, body.size());
        body.writeTo(exchange.getResponseBody());
        exchange.getResponseBody().flush();
        String to = Callers.of(exchange).getHostAddress();
        // a line per file, as single downloads have; a name twice in a bundle is refused, so a request logs each file once
        for (String file : served) {
            report.info("Served " + file + " to " + to);
        }
    }

    private record Served(byte[] bytes, String sha256) {
    }

    /** The whole file if it is shared, small enough and fits the budget left; it is read once, as it is now. */
    private Optional<Served> read(String name, int budget) throws IOException {
        Optional<Path> path = folder.resolve(name);
        Optional<FileChannel> opened = path.isEmpty() ? Optional.empty() : folder.openRead(name);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (FileChannel channel = opened.get()) {
            long size = channel.size();
            if (size > Protocol.MAX_BUNDLED_FILE || size > budget) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size + 1); // one byte more: a file that grew is not cut short
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads until the end of the file, or one byte past the size it had
            }
            if (buffer.position() != size) {
                return Optional.empty(); // changed while it was read: asked for alone, the raw path reports it
            }
            return Optional.of(new Served(java.util.Arrays.copyOf(buffer.array(), (int) size),
                    hashes.cached(path.get()).orElse("-")));
        }
    }
}
