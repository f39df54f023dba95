package org.tinyp2p.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.ServerIdentity;

/**
 * A password exchange turned away as busy is asked again, but only on its first step: an impostor answering the
 * second step (after our key confirmation) with "busy" would otherwise check a fresh password guess against each
 * new exchange (found by an attack review: six guesses per call).
 */
class BusyRetryIT {
    final ServerIdentity identity = ServerIdentity.generate();
    final AtomicInteger firstSteps = new AtomicInteger();
    final Map<String, Pake> pending = new ConcurrentHashMap<>();
    HttpsServer fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    /** An impostor: answers the first step with a guessed password, the second with {@code 429, Retry-After: 1}. */
    PeerUrl impostorBusyOnStep(int busyStep) throws IOException {
        fake = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        fake.setHttpsConfigurator(new HttpsConfigurator(identity.context()));
        fake.createContext("/pake", exchange -> {
            try (exchange) {
                PakeMessage message = PakeMessage.parse(exchange.getRequestBody().readAllBytes()).orElseThrow();
                boolean first = "1".equals(message.get("step"));
                if (first) {
                    firstSteps.incrementAndGet();
                }
                if (first && busyStep == 1 || !first && busyStep == 2) {
                    send(exchange, 429, "busy".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                Pake guess = Pake.server(("guess" + firstSteps.get()).toCharArray(), identity.fingerprint(), url().toString());
                guess.takeRound1(message.part("r1."));
                String name = String.format("%032x", firstSteps.get());
                pending.put(name, guess);
                send(exchange, 200, new PakeMessage().put("handshake", name).putAll("r1.", guess.round1()).putAll("r2.", guess.round2()).encode());
            } catch (Pake.Failed e) {
                send(exchange, 400, new byte[0]);
            }
        });
        fake.start();
        return url();
    }

    PeerUrl url() {
        return PeerUrl.of("127.0.0.1", fake.getAddress().getPort());
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Test
    void busyAfterOurKeyConfirmationIsNotAskedAgain() throws Exception {
        PeerUrl impostor = impostorBusyOnStep(2);
        PeerDialer dialer = new PeerDialer("correct-horse".toCharArray(), Set.of(), Timeouts.DEFAULT);
        PeerException e = assertThrows(PeerException.class, () -> dialer.peer(impostor).exchangePeers(new Object[0]));
        assertEquals(1, firstSteps.get(), "one exchange, so one guess for the impostor: " + e.getMessage());
    }

    @Test
    void busyOnTheFirstStepIsAskedAgainForAFewSecondsAtMost() throws Exception {
        PeerUrl busy = impostorBusyOnStep(1);
        PeerDialer dialer = new PeerDialer("pw".toCharArray(), Set.of(), Timeouts.PATIENT);
        long began = System.nanoTime();
        PeerException e = assertThrows(PeerException.class, () -> dialer.peer(busy).exchangePeers(new Object[0]));
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        assertTrue(firstSteps.get() > 1, "asked again: " + firstSteps.get());
        assertTrue(e.getMessage().contains("turned the password exchange away"), e.getMessage());
        assertTrue(seconds < 15, "took " + seconds + " s");
    }
}
