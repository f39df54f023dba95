package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.DaemonThreads;
import org.tinyp2p.testing.ServerFixture;
import org.tinyp2p.testing.TestTls;

/**
 * Requests that would hold the door's workers or its memory, as the attack review sent them (issue 18): bodies
 * that never come, answers nobody reads, heads of half a megabyte. Strangers send them from 127.0.0.x, reopened
 * as the server cuts them; a client new to the server still gets its file within 5 s.
 */
class DoorAttackIT {
    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();
    final List<Socket> open = new CopyOnWriteArrayList<>();
    final ExecutorService attackers = Executors.newCachedThreadPool(new DaemonThreads("attacker"));
    volatile boolean stopping;
    TinyServer server;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(shared.resolve("ok.txt"), "ok");
        server = servers.start(shared, "pw", null);
    }

    @AfterEach
    void stop() throws Exception {
        stopping = true;
        attackers.shutdownNow();
        for (Socket socket : open) {
            socket.close();
        }
        servers.close();
    }

    @Test
    void bodiesThatNeverComeHoldNoWorker() throws Exception {
        AtomicInteger refused = new AtomicInteger();
        for (int a = 10; a <= 12; a++) { // chunked password exchanges whose first chunk never ends
            hog("127.0.0." + a, 16, 0, socket -> {
                send(socket, "POST /pake HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\nstep=1");
                socket.getInputStream().read(); // until the door cuts it
            });
        }
        for (int a = 13; a <= 15; a++) { // over the cap, declared: half of them asking to be told to go on
            String expect = a % 2 == 0 ? "Expect: 100-continue\r\n" : "";
            hog("127.0.0." + a, 16, 0, socket -> {
                send(socket, "POST /pake HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n" + expect + "\r\n");
                if (status(socket).equals("HTTP/1.1 413 Request Entity Too Large")) {
                    refused.incrementAndGet();
                }
            });
        }
        Thread.sleep(1_000);
        fetchesWithin(5_000, "with 48 chunked bodies that never end and 48 of 2 MB that never come");
        assertTrue(refused.get() >= 48, "bodies over the cap are refused at once: " + refused.get());
    }

    @Test
    void pipelinedAnswersNobodyReadsHoldNoWorker() throws Exception {
        fetchesWithin(5_000, "before: the member proves the password, so it has workers strangers cannot take");
        byte[] requests = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        for (int a = 2; a <= 4; a++) {
            hog("127.0.0." + a, 16, 4096, socket -> {
                OutputStream out = socket.getOutputStream();
                while (!stopping) { // read nothing: the answers fill our 4 KiB and the server's send buffer
                    out.write(requests);
                }
            });
        }
        Thread.sleep(2_000);
        fetchesWithin(5_000, "with 48 connections pipelining requests and reading no answer");
    }

    @Test
    void aBodyOverItsRoutesCapIsRefusedWith413() throws Exception {
        assertEquals("HTTP/1.1 413 Request Entity Too Large", answer("POST /pake HTTP/1.1\r\nHost: x\r\nContent-Length: 8193\r\n\r\n"));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", answer("POST /pake HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2001\r\n" + "x".repeat(0x2001) + "\r\n0\r\n\r\n"));
        assertEquals("HTTP/1.1 413 Request Entity Too Large", answer("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n"
                + "Expect: 100-continue\r\n\r\n"), "no 100 Continue first");
        assertEquals("HTTP/1.1 413 Request Entity Too Large", answer("GET /files/ok.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx"));
    }

    @Test
    void malformedHeadsAndChunksAreAnswered400() throws Exception {
        assertEquals("HTTP/1.1 400 Bad Request", answer("POST /pake HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"), "a bare CR");
        assertEquals("HTTP/1.1 400 Bad Request", answer("POST /pake HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
                "not a chunk size");
        assertEquals("HTTP/1.1 400 Bad Request", answer("POST /pake HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nabc\r\n0\r\n\r\n"), "a chunk longer than its size");
    }

    @Test
    void bigHeadsAreRefusedWith431AndHoldLittle() throws Exception {
        String big = "POST /pake HTTP/1.1\r\n" + ("X-Big: " + "a".repeat(8000) + "\r\n").repeat(63) // each line within 8 KiB
                + "Content-Length: 1000\r\n\r\n";
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large", answer(big));
        AtomicInteger refused = new AtomicInteger();
        for (int a = 20; a < 36; a++) { // 256 strangers' heads of 500 KB, each then promising a body
            hog("127.0.0." + a, 16, 0, socket -> {
                send(socket, big);
                if (status(socket).startsWith("HTTP/1.1 431")) {
                    refused.incrementAndGet();
                }
                while (!stopping) { // once each: 256 heads of 500 KB a second would test only the CPU
                    pause();
                }
            });
        }
        Thread.sleep(1_000);
        fetchesWithin(5_000, "with 256 connections sending heads of 500 KB");
        assertTrue(refused.get() >= 64, "heads over 64 KiB are refused: " + refused.get());
    }

    @FunctionalInterface
    interface Attack {
        void on(Socket socket) throws IOException;
    }

    /** {@code count} connections from {@code from}, each attacking, reopened when cut, until the test ends. */
    private void hog(String from, int count, int receiveBuffer, Attack attack) {
        for (int i = 0; i < count; i++) {
            attackers.execute(() -> {
                while (!stopping) {
                    try (Socket socket = tls(from, receiveBuffer)) {
                        attack.on(socket);
                    } catch (IOException cut) {
                        // reopened, as an attacker would
                    }
                    pause();
                }
            });
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Socket tls(String from, int receiveBuffer) throws IOException {
        Socket plain = new Socket();
        if (receiveBuffer > 0) {
            plain.setReceiveBufferSize(receiveBuffer);
        }
        open.add(plain); // closed under TLS at the end: closing TLS would wait for a writer the server no longer reads
        plain.bind(new InetSocketAddress(from, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", server.url().port()), 2_000);
        plain.setSoTimeout(30_000);
        return TestTls.over(plain, "127.0.0.1", server.url().port());
    }

    /** The status line the server answers {@code request} with, from a stranger at 127.0.0.9. */
    private String answer(String request) throws IOException {
        try (Socket socket = tls("127.0.0.9", 0)) {
            socket.setSoTimeout(5_000);
            send(socket, request);
            return status(socket);
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String status(Socket socket) throws IOException {
        return String.valueOf(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine());
    }

    private void fetchesWithin(long millis, String when) throws Exception {
        long start = System.nanoTime();
        byte[] data = ServerFixture.dialer("pw").peer(server.url()).fetch("ok.txt", 0).data().toArray();
        long took = (System.nanoTime() - start) / 1_000_000;
        assertEquals("ok", new String(data, StandardCharsets.UTF_8));
        assertTrue(took <= millis, when + ": the file took " + took + " ms");
        System.out.println("DoorAttackIT: " + when + ": the file took " + took + " ms");
    }
}
