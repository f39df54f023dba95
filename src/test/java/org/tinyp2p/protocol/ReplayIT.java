package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/** A request captured on the wire and sent again, later or elsewhere, is refused. */
class ReplayIT {
    @TempDir
    Path shared;
    @TempDir
    Path other;
    final ServerFixture servers = new ServerFixture();
    final HttpClient http = TestTls.http();
    CallAuthenticator key;
    TinyServer server;
    TinyServer second;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(shared.resolve("secret.txt"), "secret");
        server = servers.start(shared, "pw", null);
        second = servers.start(other, "pw", null);
        key = TestTls.session(server.url(), "pw").authenticator();
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    static String listCall(String token) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>list</methodName><params>"
                + "<param><value><string>" + token + "</string></value></param>"
                + "<param><value><string></string></value></param></params></methodCall>";
    }

    HttpResponse<String> post(TinyServer to, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(TestTls.https(to.url()) + "/")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCapturedCallSentAgainIsRefused() throws Exception {
        String captured = listCall(key.sign("list", List.of("")));
        assertTrue(post(server, captured).body().contains("secret.txt"), "the original call works");
        String again = post(server, captured).body();
        assertTrue(again.contains("replayed request refused") && !again.contains("secret.txt"), again);
    }

    @Test
    void aCapturedCallSentToAnotherServerOfTheNetworkIsRefused() throws Exception {
        String captured = listCall(key.sign("list", List.of("")));
        String elsewhere = post(second, captured).body();
        assertTrue(elsewhere.contains("session unknown") && !elsewhere.contains("secret.txt"), "the session is the first server's only\n" + elsewhere);
    }

    @Test
    void anOldCallIsRefusedAsClockSkew() throws Exception {
        long longAgo = System.currentTimeMillis() / 1000 - 3600;
        String stale = listCall(key.sign(longAgo, "ab".repeat(16), "list", List.of("")));
        String answer = post(server, stale).body();
        assertTrue(answer.contains("<i4>408</i4>") && answer.contains("clock skew"), answer);
    }

    @Test
    void aClientWhoseClockIsOffIsToldSoPlainly() {
        long serverTime = System.currentTimeMillis() / 1000 + 1000;
        try (FakePeer skewed = new FakePeer("pw", (self, method) -> FakePeer.fault(408, "clock skew: request time is -1000 s from this server's clock (" + serverTime + ")"))) {
            RemotePeer peer = ServerFixture.dialer("pw").peer(PeerUrl.parse(skewed.url()).orElseThrow());
            PeerException e = assertThrows(PeerException.class, () -> peer.list(NameMatcher.substring("")));
            assertTrue(e.getMessage().matches(".* refused the request because its clock and ours differ by (99\\d|10\\d\\d) s .*set both clocks right"), e.getMessage());
        }
    }

    @Test
    void aCapturedRawDownloadSentAgainIsRefused() throws Exception {
        String token = key.sign(Protocol.RAW_METHOD, List.of("secret.txt", ""));
        HttpRequest get = HttpRequest.newBuilder(URI.create(TestTls.https(server.url()) + "/files/secret.txt"))
                .header("Authorization", Protocol.AUTH_SCHEME + token).GET().build();
        HttpResponse<String> first = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode());
        assertEquals("secret", first.body());
        HttpResponse<String> again = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(409, again.statusCode(), again.body());
    }
}
