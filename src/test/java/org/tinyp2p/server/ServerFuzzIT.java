package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.protocol.CallAuthenticator;
import org.tinyp2p.protocol.RemotePeer;
import org.tinyp2p.testing.Folders;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/**
 * Thousands of mutated and random XML-RPC bodies, some correctly signed so they get past the password, from
 * a seeded generator (the seed is in every failure message). The server never dies, never answers with a
 * stack trace, a class name or a path, never writes anything, and still serves a normal client afterwards.
 */
class ServerFuzzIT {
    static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    static final int ROUNDS = Integer.getInteger("fuzz.rounds", 3000);

    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void theServerSurvivesEverything() throws Exception {
        Files.writeString(shared.resolve("a.txt"), "hello");
        Files.write(shared.resolve("b.bin"), Folders.random(70_000, 1));
        Map<String, byte[]> before = Folders.contents(shared);
        var server = servers.start(shared, "pw", null);
        CallAuthenticator key = TestTls.session(server.url(), "pw").authenticator();
        HttpClient http = TestTls.http();
        Random random = new Random(SEED);
        Set<Integer> allowed = Set.of(200, 400, 404, 405, 413, 429);

        for (int round = 0; round < ROUNDS; round++) {
            String body = generate(random, key);
            if (random.nextInt(3) == 0) {
                body = mutate(random, body);
            }
            String path = random.nextInt(20) == 0 ? "/RPC2" : "/";
            HttpResponse<String> answer;
            try {
                answer = http.send(HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + path)).timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new AssertionError("seed " + SEED + " round " + round + ": the server dropped the connection\n" + body, e);
            }
            String context = "seed " + SEED + " round " + round + "\n--- request ---\n" + body + "\n--- answer ---\n" + answer.body();
            assertTrue(allowed.contains(answer.statusCode()), context);
            for (String leak : List.of("Exception", "at org.", "at java.", "java.lang", "org.apache", shared.toString(), "/etc/")) {
                assertFalse(answer.body().contains(leak), "leaks '" + leak + "': " + context);
            }
        }

        assertEquals(before.keySet(), Folders.contents(shared).keySet(), "the server wrote nothing");
        RemotePeer client = ServerFixture.dialer("pw").peer(server.url());
        assertEquals(2, client.list(NameMatcher.substring("")).size(), "a normal client is still served");
        assertEquals("hello", new String(client.fetch("a.txt", 0).data().toArray(), StandardCharsets.UTF_8));
    }

    @Test
    void bundlesOfHostileNamesServeOnlySharedFiles() throws Exception {
        Files.writeString(shared.resolve("a.txt"), "hello");
        Files.write(shared.resolve("b.bin"), Folders.random(70_000, 1));
        Files.writeString(shared.resolve(".hidden"), "secret-hidden");
        Files.createSymbolicLink(shared.resolve("out"), Path.of("/etc/passwd"));
        Map<String, byte[]> before = Folders.contents(shared);
        var server = servers.start(shared, "pw", null);
        CallAuthenticator key = TestTls.session(server.url(), "pw").authenticator();
        HttpClient http = TestTls.http();
        Random random = new Random(SEED);
        List<String> names = new java.util.ArrayList<>(List.of(NAMES));
        names.addAll(List.of(".hidden", "out", "a.txt\u0000", "A.TXT", "a.txt ", " a.txt"));
        int served = 0;
        for (int round = 0; round < ROUNDS / 6; round++) {
            List<String> asked = new java.util.ArrayList<>();
            for (int i = random.nextInt(6) + 1; i > 0; i--) {
                String name = names.get(random.nextInt(names.size()));
                if (!name.isEmpty() && !asked.contains(name)) {
                    asked.add(name);
                }
            }
            String body = String.join("\n", asked.stream().map(org.tinyp2p.protocol.PercentEncoding::encode).toList());
            if (random.nextInt(4) == 0) {
                body = mutate(random, body);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + org.tinyp2p.protocol.Protocol.BUNDLE_PATH))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body));
            if (random.nextInt(4) != 0 && !asked.isEmpty()) {
                request.header("Authorization", org.tinyp2p.protocol.Protocol.AUTH_SCHEME + key.sign(org.tinyp2p.protocol.Protocol.BUNDLE_METHOD, asked));
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
            String context = "seed " + SEED + " round " + round + "\n--- request ---\n" + body + "\n--- answer ---\n" + answer.body();
            assertTrue(Set.of(200, 400, 401, 409).contains(answer.statusCode()), context);
            served += answer.statusCode() == 200 && answer.body().contains("hello") ? 1 : 0;
            for (String leak : List.of("root:", "secret-hidden", "Exception", "java.", shared.toString())) {
                assertFalse(answer.body().contains(leak), "leaks '" + leak + "': " + context);
            }
        }
        assertTrue(served > 10, "signed bundles of shared names were answered: " + served);
        assertEquals(before.keySet(), Folders.contents(shared).keySet(), "the server wrote nothing");
    }

    private static final String[] METHODS = {"ping", "list", "fetch", "f", "system.listMethods", "", "fetch\u0000", "x".repeat(300)};

    private String generate(Random random, CallAuthenticator key) {
        String method = METHODS[random.nextInt(METHODS.length)];
        int count = random.nextInt(4);
        Object[] args = new Object[count];
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < count; i++) {
            args[i] = value(random, 0);
        }
        boolean signed = random.nextBoolean() && !method.contains("\u0000");
        if (signed) {
            try {
                params.append(param(key.sign(method, List.of(args))));
            } catch (IllegalArgumentException unsignable) {
                params.append(param("v3:junk"));
            }
        } else if (random.nextBoolean()) {
            params.append(param("v3:" + "ef".repeat(16) + ":" + random.nextLong() + ":" + "ab".repeat(16) + ":" + "cd".repeat(32)));
        }
        for (Object arg : args) {
            params.append("<param>").append(xml(arg)).append("</param>");
        }
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + escape(method) + "</methodName><params>" + params + "</params></methodCall>";
    }

    private Object value(Random random, int depth) {
        switch (depth > 3 ? random.nextInt(5) : random.nextInt(8)) {
            case 0: return NAMES[random.nextInt(NAMES.length)];
            case 1: return Integer.toString(random.nextInt(Integer.MAX_VALUE)) + (random.nextBoolean() ? "" : "999999999999");
            case 2: return random.nextInt();
            case 3: return random.nextDouble() * 1e12;
            case 4: return random.nextBoolean();
            case 5: {
                Object[] array = new Object[random.nextInt(4)];
                for (int i = 0; i < array.length; i++) {
                    array[i] = value(random, depth + 1);
                }
                return array;
            }
            case 6: return Map.of("name", value(random, depth + 1), "size", value(random, depth + 1));
            default: return Folders.random(random.nextInt(64), random.nextLong());
        }
    }

    private static final String[] NAMES = {"a.txt", "b.bin", "../a.txt", "/etc/passwd", ".", "..", "", "a.txt/", "sub/x", "missing",
        "-1", "0", "99999999999999999999", "http://127.0.0.1:1", "file:///etc/passwd", "(.*a){12}$", "é😀", "%2e%2e%2fa.txt", "a".repeat(2000)};

    private static String param(String token) {
        return "<param><value><string>" + escape(token) + "</string></value></param>";
    }

    private static String xml(Object value) {
        if (value instanceof String s) {
            return "<value><string>" + escape(s) + "</string></value>";
        } else if (value instanceof Integer i) {
            return "<value><int>" + i + "</int></value>";
        } else if (value instanceof Double d) {
            return "<value><double>" + d + "</double></value>";
        } else if (value instanceof Boolean b) {
            return "<value><boolean>" + (b ? 1 : 0) + "</boolean></value>";
        } else if (value instanceof Object[] array) {
            StringBuilder out = new StringBuilder("<value><array><data>");
            for (Object element : array) {
                out.append(xml(element));
            }
            return out.append("</data></array></value>").toString();
        } else if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("<value><struct>");
            map.forEach((k, v) -> out.append("<member><name>").append(k).append("</name>").append(xml(v)).append("</member>"));
            return out.append("</struct></value>").toString();
        }
        return "<value><base64>" + java.util.Base64.getEncoder().encodeToString((byte[]) value) + "</base64></value>";
    }

    private static String mutate(Random random, String body) {
        StringBuilder out = new StringBuilder(body);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(6)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, "<>&\"'".charAt(random.nextInt(5)));
                case 2 -> out.setLength(at);
                case 3 -> out.insert(at, "<value><array><data>".repeat(1 + random.nextInt(200)));
                case 4 -> out.insert(at, "<!DOCTYPE x [<!ENTITY e \"" + "z".repeat(50) + "\">]>&e;");
                default -> out.setCharAt(at, (char) random.nextInt(0x3000));
            }
        }
        return out.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
