package org.tinyp2p.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.tinyp2p.secure.ServerIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile or broken member: it speaks TLS and proves the password like one of ours (so callers believe
 * it), then answers each XML-RPC method with canned XML, whatever the caller sends, and records what it was
 * asked. It checks no call's authentication. Given the wrong password, it is an impostor.
 */
public final class FakePeer implements AutoCloseable {
    private static final Pattern METHOD = Pattern.compile("<methodName>([^<]*)</methodName>");

    private final HttpsServer http;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ServerIdentity identity = ServerIdentity.generate();
    private final String host;
    /** The URL it proves the password as, when not its own ({@link #claim}). */
    private volatile String claimed;

    /**
     * @param password what it proves in the password exchange (the network's, or another for an impostor)
     * @param answers (own URL, method name) to the XML of the whole response body (null: HTTP 500)
     */
    public FakePeer(String password, BiFunction<String, String, String> answers) {
        this("127.0.0.1", password, answers);
    }

    /** @param host the address it listens on (a port is chosen) */
    public FakePeer(String host, String password, BiFunction<String, String, String> answers) {
        this.host = host;
        try {
            http = HttpsServer.create(new InetSocketAddress(host, 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setHttpsConfigurator(new HttpsConfigurator(identity.context()));
        PakeResponder pake = new PakeResponder(password, identity, () -> claimed != null ? claimed : url());
        http.createContext("/pake", exchange -> {
            try (exchange) {
                calls.add("pake");
                java.util.Optional<byte[]> answer = pake.answer(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(answer.isPresent() ? 200 : 401, answer.map(a -> (long) a.length).orElse(-1L));
                if (answer.isPresent()) {
                    exchange.getResponseBody().write(answer.get());
                }
            }
        });
        http.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = METHOD.matcher(body);
                String method = m.find() ? m.group(1) : "";
                calls.add(method);
                String answer = answers.apply(url(), method);
                byte[] bytes = (answer == null ? "" : answer).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(answer == null ? 500 : 200, bytes.length == 0 ? -1 : bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-peer");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** From now on it proves the password as {@code url}: a server reached under another name than its own. */
    public FakePeer claim(String url) {
        claimed = url;
        return this;
    }

    public String url() {
        return "http://" + host + ":" + http.getAddress().getPort();
    }

    public List<String> calls() {
        return calls;
    }

    /** A response carrying one value, given as XML-RPC value XML. */
    public static String response(String valueXml) {
        return "<?xml version=\"1.0\"?><methodResponse><params><param>" + valueXml + "</param></params></methodResponse>";
    }

    public static String fault(int code, String message) {
        return "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>" + code + "</int></value></member>"
                + "<member><name>faultString</name><value><string>" + message + "</string></value></member>"
                + "</struct></value></fault></methodResponse>";
    }

    public static String strings(List<String> values) {
        StringBuilder xml = new StringBuilder("<value><array><data>");
        values.forEach(v -> xml.append("<value><string>").append(escape(v)).append("</string></value>"));
        return xml.append("</data></array></value>").toString();
    }

    /** A listing: name to size. */
    public static String listing(Map<String, Long> files) {
        StringBuilder xml = new StringBuilder("<value><array><data>");
        files.forEach((name, size) -> xml.append(entry(name, size, null, false)));
        return xml.append("</data></array></value>").toString();
    }

    /** A listing: name to size, every file listed with the same hash. */
    public static String listing(Map<String, Long> files, String sha256) {
        StringBuilder xml = new StringBuilder("<value><array><data>");
        files.forEach((name, size) -> xml.append(entry(name, size, sha256, false)));
        return xml.append("</data></array></value>").toString();
    }

    /** A listing of one file with its hash, optionally offered over the raw path. */
    public static String listing(String name, long size, String sha256, boolean raw) {
        return "<value><array><data>" + entry(name, size, sha256, raw) + "</data></array></value>";
    }

    /** A listing of whole files, each with its true hash, offered over the raw path or not. */
    public static String listing(Map<String, byte[]> files, boolean raw) {
        StringBuilder xml = new StringBuilder("<value><array><data>");
        files.forEach((name, bytes) -> xml.append(entry(name, bytes.length,
                java.util.HexFormat.of().formatHex(org.tinyp2p.files.HashCache.newDigest().digest(bytes)), raw)));
        return xml.append("</data></array></value>").toString();
    }

    /** Serves GET /files/NAME whole or from a Range "bytes=N-", as our raw path does, from {@code files}. */
    public FakePeer servingRaw(Map<String, byte[]> files) {
        return onGet(exchange -> {
            try (exchange) {
                byte[] bytes = files.get(java.net.URLDecoder.decode(exchange.getRequestURI().getRawPath().substring("/files/".length()),
                        StandardCharsets.UTF_8));
                if (bytes == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                String range = exchange.getRequestHeaders().getFirst("Range");
                int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
                exchange.sendResponseHeaders(range == null ? 200 : 206, bytes.length - from == 0 ? -1 : bytes.length - from);
                exchange.getResponseBody().write(bytes, from, bytes.length - from);
            }
        });
    }

    private static String entry(String name, long size, String sha256, boolean raw) {
        return "<value><struct><member><name>name</name><value><string>" + escape(name)
                + "</string></value></member><member><name>size</name><value><string>" + size + "</string></value></member>"
                + (sha256 == null ? "" : "<member><name>sha256</name><value><string>" + sha256 + "</string></value></member>")
                + (raw ? "<member><name>raw</name><value><boolean>1</boolean></value></member>" : "")
                + "</struct></value>";
    }

    /** Answers {@code path} with a handler of its own instead (for peers that break the protocol below XML-RPC). */
    public FakePeer on(String path, com.sun.net.httpserver.HttpHandler handler) {
        try {
            http.removeContext(path);
        } catch (IllegalArgumentException none) {
            // nothing there yet
        }
        http.createContext(path, handler);
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Serves GET requests under /files/ with a handler of its own (for peers that break mid-stream). */
    public FakePeer onGet(com.sun.net.httpserver.HttpHandler handler) {
        http.createContext("/files/", handler);
        return this;
    }

    public static String chunk(byte[] data, long size) {
        return "<value><struct><member><name>data</name><value><base64>" + java.util.Base64.getEncoder().encodeToString(data)
                + "</base64></value></member><member><name>size</name><value><string>" + size + "</string></value></member></struct></value>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
