package org.tinyp2p.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.PatternSyntaxException;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.XmlRpcRequest;
import org.tinyp2p.Report;
import org.tinyp2p.files.SharedFile;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.Faults;
import org.tinyp2p.protocol.LegacyToken;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.protocol.WireValues;

/**
 * The original TinyP2P's single method {@code f(token, n, arg)}, served only with --legacy so that original
 * peers can join and download: n=0 merges a peer list and answers ours, n=1 answers {@code [names]} matching a
 * Python regular expression, n=2 answers a file (a string when it is text XML can carry, base64 otherwise).
 * It keeps the safety of our own methods: shared files only, a time limit on patterns, a size limit on files;
 * its folder is the top level only ({@link SharedFolder#topLevel}), so a nested name is neither listed nor served.
 * The token is the HMAC of our own URL and nothing else: a token made for any other name (a Host header of
 * the caller's choosing) would let one captured for somewhere else read our files. Whole files are read into
 * memory to answer, so at most {@link #FILES_AT_ONCE} are at a time; other callers wait briefly, then get "busy".
 */
final class LegacyService implements XmlRpcHandler {
    private static final long PATTERN_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final int FILES_AT_ONCE = 2;
    private final Semaphore reading = new Semaphore(FILES_AT_ONCE);

    private final SharedFolder folder;
    private final PeerList peers;
    private final PeerUrl self;
    private final LegacyToken token;
    private final Report report;

    private final java.util.function.Consumer<PeerUrl> recheck;

    /** @param recheck asked to call a new candidate soon, so that it can prove itself (as a named original peer can) */
    private final FailedAttempts failures;

    /** @param failures wrong tokens count with wrong passwords in the exchange: each is a guess */
    LegacyService(SharedFolder folder, PeerList peers, PeerUrl self, LegacyToken token, Report report,
                  java.util.function.Consumer<PeerUrl> recheck, FailedAttempts failures) {
        this.recheck = recheck;
        this.failures = failures;
        this.folder = folder;
        this.peers = peers;
        this.self = self;
        this.token = token;
        this.report = report;
    }

    @Override
    public Object execute(XmlRpcRequest request) throws XmlRpcException {
        java.net.InetAddress caller = callerOf(request);
        if (caller != null && failures.waitSeconds(caller) > 0) {
            throw Faults.passwordRefused(); // too many wrong guesses from there lately: not even checked
        }
        if (request.getParameterCount() != 3 || !tokenAccepted(request)) {
            if (caller != null) {
                failures.failed(caller);
                report.info("Refused a wrong original TinyP2P token from " + caller.getHostAddress());
            }
            throw Faults.passwordRefused();
        }
        Object n = request.getParameter(1);
        Object arg = request.getParameter(2);
        try {
            if (Integer.valueOf(0).equals(n)) {
                Object[] theirs = WireValues.array(arg).orElseThrow(() -> Faults.badRequest("peers must be a list"));
                peers.merge(List.of(theirs)).forEach(recheck); // candidates: handed out only once proven
                return peers.toWire();
            } else if (Integer.valueOf(1).equals(n)) {
                return new Object[] {names(WireValues.string(arg).orElseThrow(() -> Faults.badRequest("pattern must be a string")))};
            } else if (Integer.valueOf(2).equals(n)) {
                return content(WireValues.string(arg).orElseThrow(Faults::noSuchFile));
            }
            throw Faults.badRequest("n must be 0, 1 or 2");
        } catch (IOException | RuntimeException e) {
            report.warn("error answering f: " + e);
            throw Faults.internal();
        }
    }

    private static java.net.InetAddress callerOf(XmlRpcRequest request) {
        try {
            return request.getConfig() instanceof RequestContext context ? java.net.InetAddress.getByName(context.caller()) : null;
        } catch (java.net.UnknownHostException notAnAddress) {
            return null;
        }
    }

    private boolean tokenAccepted(XmlRpcRequest request) {
        return token.matches(request.getParameter(0), self.toString());
    }

    private Object[] names(String expression) throws XmlRpcException, IOException {
        BoundedRegex regex;
        try {
            regex = BoundedRegex.python(expression);
        } catch (PatternSyntaxException e) {
            throw Faults.badRequest("invalid pattern");
        }
        long deadline = System.nanoTime() + PATTERN_BUDGET_NANOS;
        try {
            return folder.list(name -> expression.isEmpty() || regex.find(name, deadline)).stream().map(SharedFile::name).toArray();
        } catch (BoundedRegex.TooSlow e) {
            throw Faults.badRequest("pattern too slow to match");
        }
    }

    private Object content(String name) throws XmlRpcException, IOException {
        try (java.nio.channels.FileChannel file = folder.openRead(name).orElseThrow(Faults::noSuchFile)) {
            if (file.size() > Protocol.MAX_LEGACY_FILE) {
                throw Faults.tooLarge("file too large for the original protocol (over "
                        + Protocol.MAX_LEGACY_FILE / (1024 * 1024) + " MiB)");
            }
            return content(name, file);
        }
    }

    private Object content(String name, java.nio.channels.FileChannel file) throws XmlRpcException, IOException {
        byte[] bytes;
        try {
            if (!reading.tryAcquire(5, TimeUnit.SECONDS)) {
                throw Faults.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Faults.busy();
        }
        AfterResponse.add(reading::release); // the bytes live until the answer is written
        bytes = java.nio.channels.Channels.newInputStream(file).readNBytes((int) Protocol.MAX_LEGACY_FILE);
        report.info("Served " + org.tinyp2p.files.FileNames.quote(name) + " (" + bytes.length + " bytes) over the original protocol");
        return textXmlCanCarry(bytes) ? new String(bytes, StandardCharsets.UTF_8) : bytes;
    }

    /** Valid UTF-8 made only of characters XML 1.0 allows: it then survives a round trip as a string. */
    static boolean textXmlCanCarry(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != '\uFFFE' && c != '\uFFFF');
            if (!allowed || c == '\uFEFF' && i == 0) {
                return false;
            }
        }
        return true;
    }
}
