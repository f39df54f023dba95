package org.tinyp2p.protocol;

import org.tinyp2p.protocol.xmlrpc.JvmHardening;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.server.TinyServer;
import org.tinyp2p.testing.FakePeer;
import org.tinyp2p.testing.ServerFixture;

/**
 * XML and Java serialization from hostile peers: no DTD is fetched, no entity expanded, no object
 * deserialized, on either side. Each test fails without the matching defence in {@link JvmHardening}.
 */
class HostileXmlIT {
    /** A listener that only counts who connects: any connection is a request we were tricked into making. */
    static final class Tripwire implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger hits = new AtomicInteger();

        Tripwire() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        hits.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/evil.dtd";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Its readObject has a side effect that must never happen. */
    static final class Boom extends RuntimeException {
        static volatile boolean fired;

        Boom() {
            super("boom");
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            fired = true;
            in.defaultReadObject();
        }
    }

    @TempDir
    Path shared;
    final ServerFixture servers = new ServerFixture();
    Tripwire tripwire;

    @BeforeEach
    void arm() throws IOException {
        tripwire = new Tripwire();
    }

    @AfterEach
    void disarm() throws IOException {
        servers.close();
        tripwire.close();
    }

    @Test
    void theServerNeitherFetchesADtdNorExpandsEntities() throws Exception {
        TinyServer server = servers.start(shared, "pw", null);
        HttpClient http = org.tinyp2p.testing.TestTls.http();
        for (String body : List.of(
                "<?xml version=\"1.0\"?><!DOCTYPE methodCall SYSTEM \"" + tripwire.url() + "\"><methodCall><methodName>list</methodName><params/></methodCall>",
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY % e SYSTEM \"" + tripwire.url() + "\"> %e;]><methodCall><methodName>list</methodName><params/></methodCall>",
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><methodCall><methodName>&b;</methodName><params/></methodCall>")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(org.tinyp2p.testing.TestTls.https(server.url()) + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(answer.body().contains("bad request: not a valid XML-RPC call"), answer.body());
            assertFalse(answer.body().contains("aaaa"), answer.body());
        }
        Thread.sleep(200);
        assertEquals(0, tripwire.hits.get(), "the server fetched a DTD");
    }

    @Test
    void theClientNeitherFetchesADtdNorExpandsEntities() throws Exception {
        for (String answer : List.of(
                "<?xml version=\"1.0\"?><!DOCTYPE methodResponse SYSTEM \"" + tripwire.url() + "\">" + FakePeer.response("<value><array><data/></array></value>").substring(21),
                "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"http://127.0.0.1:1\">]><methodResponse><params><param><value><array><data><value>&a;</value></data></array></value></param></params></methodResponse>")) {
            try (FakePeer hostile = new FakePeer("pw", (self, method) -> answer)) {
                RemotePeer peer = ServerFixture.dialer("pw").peer(PeerUrl.parse(hostile.url()).orElseThrow());
                PeerException e = assertThrows(PeerException.class, () -> peer.exchangePeers(new Object[0]));
                assertEquals(PeerException.Kind.BAD_ANSWER, e.kind(), e.getMessage());
                assertEquals(hostile.url() + " sent an answer that is not valid XML-RPC", e.getMessage());
            }
        }
        Thread.sleep(200);
        assertEquals(0, tripwire.hits.get(), "the client fetched a DTD");
    }

    @Test
    void aFaultCarryingASerializedObjectIsNeverDeserialized() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Boom());
        }
        String fault = "<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>7</int></value></member>"
                + "<member><name>faultString</name><value>plain</value></member>"
                + "<member><name>faultCause</name><value><base64>" + Base64.getEncoder().encodeToString(bytes.toByteArray())
                + "</base64></value></member></struct></value></fault></methodResponse>";
        try (FakePeer hostile = new FakePeer("pw", (self, method) -> fault)) {
            RemotePeer peer = ServerFixture.dialer("pw").peer(PeerUrl.parse(hostile.url()).orElseThrow());
            PeerException e = assertThrows(PeerException.class, () -> peer.list(NameMatcher.substring("")));
            assertEquals(hostile.url() + " answered with an error: 'plain'", e.getMessage());
        }
        assertFalse(Boom.fired, "readObject ran: the client deserialized a peer's object");
    }
}
