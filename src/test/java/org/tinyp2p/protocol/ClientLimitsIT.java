package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.ServerFixture;

/** A client never follows a peer elsewhere, never reads without end, and never waits without end. */
class ClientLimitsIT {
    FakePeer hostile;
    final AtomicInteger elsewhere = new AtomicInteger();

    /** A member (it proves the password) that answers calls with {@code handler}. */
    PeerUrl serve(HttpHandler handler) throws Exception {
        hostile = new FakePeer("pw", (self, method) -> null).on("/", handler).on("/elsewhere", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        return PeerUrl.of("127.0.0.1", hostile.port());
    }

    @AfterEach
    void stop() {
        if (hostile != null) {
            hostile.close();
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        PeerUrl url = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + hostile.port() + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        PeerException e = assertThrows(PeerException.class, () -> ServerFixture.dialer("pw").peer(url).list(NameMatcher.substring("")));
        assertEquals(url + " is not a tinyp2p server (it answered HTTP 302)", e.getMessage());
        assertEquals(0, elsewhere.get(), "the redirect was followed");
    }

    @Test
    void anEndlessAnswerIsCutOff() throws Exception {
        PeerUrl url = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            byte[] filler = ("<?xml version=\"1.0\"?><methodResponse><params><param><value><string>").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = "x".repeat(65536).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(filler);
                for (int i = 0; i < 1000; i++) { // 64 MB, far over the cap
                    out.write(chunk);
                }
            } catch (java.io.IOException clientHungUp) {
                // expected
            }
        });
        PeerException e = assertThrows(PeerException.class, () -> ServerFixture.dialer("pw").peer(url).list(NameMatcher.substring("")));
        assertTrue(e.getMessage().contains("answer larger than " + Protocol.MAX_RESPONSE_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void aPeerTricklingBytesCannotHoldACall() throws Exception {
        PeerUrl url = serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("<?xml version=\"1.0\"?><methodResponse><params><param><value><string>".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 100; i++) { // one byte every 300 ms: never a read timeout
                    out.write('x');
                    out.flush();
                    Thread.sleep(300);
                }
            } catch (Exception clientHungUp) {
                // expected
            }
        });
        Timeouts quick = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
        PeerDialer dialer = new PeerDialer("pw".toCharArray(), java.util.Set.of(), quick);
        long start = System.nanoTime();
        PeerException e = assertThrows(PeerException.class, () -> dialer.peer(url).list(NameMatcher.substring("")));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(PeerException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().endsWith("is unreachable: timed out"), e.getMessage());
        assertTrue(seconds < 10, "held for " + seconds + " s");
    }
}
