package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.secure.Pake;
import org.tinyp2p.secure.PakeMessage;
import org.tinyp2p.secure.Tls;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/**
 * A guesser with many addresses on the LAN (issue 18): each address has an allowance of its own, so the server
 * has one for all strangers too, which members it knows do not share. The guesser is a small fake that runs the
 * password exchange from an address of its choosing, as an attacker's script would.
 */
class GuessesIT {
    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void guessesFromEightAddressesMeetTheServersAllowanceWhileAKnownMemberIsStillServed() throws Exception {
        Files.writeString(shared.resolve("ok.txt"), "ok");
        TinyServer server = servers.start(shared, "pw", null);
        assertEquals("ok", fetch(server), "the member proves the password from 127.0.0.1 first");

        int refused = 0;
        int heldBack = 0;
        String lastHeld = "";
        long start = System.nanoTime();
        for (int a = 3; a <= 10; a++) {
            for (int i = 0; i < FailedAttempts.ALLOWED; i++) { // within each address's own allowance
                Answer answer = exchange("127.0.0." + a, server.url().port(), "guess" + a + "." + i);
                if (answer.status() == Protocol.PAKE_REFUSED) {
                    refused++;
                } else if (answer.status() == 429) {
                    heldBack++;
                    lastHeld = answer.text();
                    assertTrue(answer.retryAfter() >= 2, "a wrong password is not 'busy': Retry-After " + answer.retryAfter());
                } else {
                    throw new AssertionError("unexpected answer " + answer);
                }
            }
        }
        System.out.printf(Locale.ROOT, "40 guesses from 8 addresses: %d refused, %d held back, in %d ms%n",
                refused, heldBack, (System.nanoTime() - start) / 1_000_000);
        assertEquals(FailedAttempts.SERVER_ALLOWED, refused, "the server checks 30 guesses a minute from strangers in all");
        assertEquals(8 * FailedAttempts.ALLOWED - FailedAttempts.SERVER_ALLOWED, heldBack);
        assertTrue(lastHeld.contains("too many wrong passwords from addresses that have not proven the password lately"), lastHeld);

        long fetched = System.nanoTime();
        assertEquals("ok", fetch(server), "the member at 127.0.0.1 proves the password again and is served");
        System.out.printf(Locale.ROOT, "the member's fetch during the guessing: %d ms%n", (System.nanoTime() - fetched) / 1_000_000);

        Answer newcomer = exchange("127.0.0.11", server.url().port(), "pw");
        assertEquals(429, newcomer.status(), "a newcomer waits while strangers' guesses fill the allowance: " + newcomer);
    }

    /** A fresh dialer: a password exchange of its own, from 127.0.0.1. */
    private static String fetch(TinyServer server) throws Exception {
        return new String(ServerFixture.dialer("pw").peer(server.url()).fetch("ok.txt", 0).data().toArray(), StandardCharsets.UTF_8);
    }

    record Answer(int status, long retryAfter, String text) {
    }

    /** Both steps of the password exchange over one TLS connection from {@code from}; the last answer. */
    private static Answer exchange(String from, int port, String password) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(from, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        plain.setSoTimeout(10_000);
        try (SSLSocket tls = (SSLSocket) TestTls.over(plain, "127.0.0.1", port)) {
            Pake pake = Pake.client(password.toCharArray(), Tls.fingerprint(tls.getSession().getPeerCertificates()[0]));
            Answer first = post(tls, new PakeMessage().put("step", "1").putAll("r1.", pake.round1()));
            if (first.status() != 200) {
                return first;
            }
            PakeMessage theirs = PakeMessage.parse(first.text().getBytes(StandardCharsets.UTF_8)).orElseThrow();
            try {
                pake.takeRound1(theirs.part("r1."));
                pake.takeRound2(theirs.part("r2."));
            } catch (Pake.Failed e) {
                throw new AssertionError("the server's rounds do not hold", e);
            }
            return post(tls, new PakeMessage().put("step", "2").put("handshake", theirs.get("handshake"))
                    .putAll("r2.", pake.round2()).putAll("r3.", pake.round3()));
        }
    }

    private static Answer post(Socket tls, PakeMessage message) throws IOException {
        byte[] body = message.encode();
        OutputStream out = tls.getOutputStream();
        out.write(("POST " + Protocol.PAKE_PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        InputStream in = tls.getInputStream();
        String head = readHead(in);
        int status = Integer.parseInt(head.substring(9, 12));
        long length = 0;
        long retryAfter = 0;
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            } else if (lower.startsWith("retry-after:")) {
                retryAfter = Long.parseLong(line.substring(12).trim());
            }
        }
        return new Answer(status, retryAfter, new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed before the end of its answer's head: " + head);
            }
            head.write(b);
            byte[] so = head.toByteArray();
            int n = so.length;
            if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                return head.toString(StandardCharsets.US_ASCII);
            }
        }
    }
}
