package org.tinyp2p.testing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.ServerIdentity;

/**
 * The server's side of the password exchange for fake peers: with the network's password a fake is a member
 * (hostile or broken, but believed); with another it is an impostor. It names one session for everyone and
 * checks no call's authentication afterwards.
 */
public final class PakeResponder {
    private final String password;
    private final ServerIdentity identity;
    private final java.util.function.Supplier<String> url;
    private final Map<String, Pake> handshakes = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** @param url the fake's own URL, which it proves the password as */
    public PakeResponder(String password, ServerIdentity identity, java.util.function.Supplier<String> url) {
        this.password = password;
        this.identity = identity;
        this.url = url;
    }

    /** The answer's body to a POST of {@code body} to /pake, or empty for a refusal (HTTP 401). */
    public Optional<byte[]> answer(byte[] body) {
        PakeMessage m = PakeMessage.parse(body).orElseThrow();
        try {
            if ("1".equals(m.get("step"))) {
                Pake pake = Pake.server(password.toCharArray(), identity.fingerprint(), url.get());
                pake.takeRound1(m.part("r1."));
                String name = String.format("%032x", next.incrementAndGet());
                handshakes.put(name, pake);
                return Optional.of(new PakeMessage().put("handshake", name).putAll("r1.", pake.round1()).putAll("r2.", pake.round2()).encode());
            }
            Pake pake = handshakes.remove(String.valueOf(m.get("handshake")));
            if (pake == null) {
                return Optional.empty();
            }
            pake.takeRound2(m.part("r2."));
            pake.takeRound3(m.part("r3."));
            return Optional.of(new PakeMessage().put("session", "ab".repeat(16)).putAll("r3.", pake.round3()).encode());
        } catch (Pake.Failed e) {
            return Optional.empty();
        }
    }
}
