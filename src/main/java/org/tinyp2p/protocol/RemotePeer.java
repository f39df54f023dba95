package org.tinyp2p.protocol;

import org.tinyp2p.protocol.xmlrpc.PooledBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcHttpTransportException;
import org.tinyp2p.files.NameMatcher;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerUrl;

/**
 * One server of the network as seen by a caller. Every answer is checked before it is believed; every
 * failure becomes a {@link PeerException} naming this peer. Every call goes over TLS in a session that the
 * password exchange set up ({@link Membership}): a peer that cannot prove the password is never called, so
 * nothing it would say is used. An original TinyP2P peer the user named ({@code --legacy-peer}) is spoken to
 * through its {@code f} method in plain HTTP instead; no other peer is, whatever it answers.
 */
public final class RemotePeer {
    /**
     * A piece of a file: its bytes from the asked offset, and the file's size when they were read. Release it
     * once its bytes are written.
     */
    public record Chunk(PooledBytes data, long fileSize) {
        public int length() {
            return data.length();
        }

        public void release() {
            data.release();
        }
    }

    private final PeerUrl url;
    private final XmlRpcClient client;
    private final Membership membership;
    /** Set only for an original peer the user named. */
    private final LegacyToken legacyToken;
    private final boolean legacy;
    private final RawDownload rawDownload;

    RemotePeer(PeerUrl url, XmlRpcClient client, Membership membership, LegacyToken legacyToken, RawDownload rawDownload) {
        this.rawDownload = rawDownload;
        this.url = url;
        this.client = client;
        this.membership = membership;
        this.legacyToken = legacyToken;
        this.legacy = legacyToken != null;
    }

    public PeerUrl url() {
        return url;
    }

    /**
     * The URL this peer proved the password as, once a call to it succeeded: it differs from {@link #url} when
     * the address dialled is another name for it, or a relay to another server.
     */
    public PeerUrl provenAs() throws PeerException {
        return legacy ? url : membership.session(url).provenAs();
    }

    /** True for an original TinyP2P server the user named. */
    public boolean isLegacy() {
        return legacy;
    }

    /** Sends our peer list (empty for a client) and returns the peer's, as raw entries to be checked by the caller. */
    public List<Object> exchangePeers(Object[] ours) throws PeerException {
        Object answer = legacy ? callLegacy(0, ours) : call(Protocol.PING, new Object[] {ours});
        Object[] peers = WireValues.array(answer).orElseThrow(() -> PeerException.badAnswer(url, "peer list is not a list"));
        return Arrays.asList(peers);
    }

    /** The peer's files that may match; a legacy peer tells neither sizes (-1) nor hashes. */
    public List<ListedFile> list(NameMatcher matcher) throws PeerException {
        if (legacy) {
            return legacyList(matcher);
        }
        List<ListedFile> files = new ArrayList<>();
        Object[] args = {matcher.serverFilter()};
        long chars = 0;
        for (int page = 0; page < Protocol.MAX_LISTING_PAGES && files.size() < Protocol.MAX_LISTING; page++) {
            Object[] entries = WireValues.array(call(Protocol.LIST, args))
                    .orElseThrow(() -> PeerException.badAnswer(url, "listing is not a list"));
            int before = files.size();
            boolean more = false;
            for (int i = 0; i < entries.length && files.size() < Protocol.MAX_LISTING; i++) {
                Optional<Map<?, ?>> entry = WireValues.struct(entries[i]);
                more |= entry.map(e -> Boolean.TRUE.equals(e.get(Protocol.FIELD_MORE))).orElse(false);
                Optional<ListedFile> file = entry.flatMap(RemotePeer::listed);
                if (file.isPresent()) {
                    chars += file.get().name().length();
                    if (chars > Protocol.MAX_LISTING_CHARS) {
                        throw PeerException.badAnswer(url, "its listing's names pass " + Protocol.MAX_LISTING_CHARS + " characters");
                    }
                    files.add(file.get());
                }
            }
            String last = files.size() > before ? files.get(files.size() - 1).name() : null;
            // the next page starts after the last name: one that does not move on ends the listing
            if (!more || last == null || (args.length > 1 && last.compareTo((String) args[1]) <= 0)) {
                break;
            }
            args = new Object[] {matcher.serverFilter(), last};
        }
        return files;
    }

    /** A listing's entry, if it names a file with a size. */
    private static Optional<ListedFile> listed(Map<?, ?> entry) {
        // a name far longer than any the client writes is not even kept to be refused (one that is merely too long is
        // refused later, in a line)
        Optional<String> name = WireValues.string(entry.get(Protocol.FIELD_NAME))
                .filter(n -> n.length() <= 16 * org.tinyp2p.files.SharedName.MAX_BYTES);
        Optional<Long> size = WireValues.size(entry.get(Protocol.FIELD_SIZE));
        if (name.isEmpty() || size.isEmpty()) {
            return Optional.empty();
        }
        Object sha = entry.get(Protocol.FIELD_SHA256);
        boolean raw = Boolean.TRUE.equals(entry.get(Protocol.FIELD_RAW));
        long modified = WireValues.size(entry.get(Protocol.FIELD_MODIFIED)).orElse(-1L); // older servers do not say
        return Optional.of(new ListedFile(name.get(), size.get(), HashCache.isSha256(sha) ? (String) sha : null, raw, modified));
    }

    private List<ListedFile> legacyList(NameMatcher matcher) throws PeerException {
        Object answer = callLegacy(1, matcher.asPythonRegex());
        Object[] outer = WireValues.array(answer).filter(a -> a.length == 1)
                .orElseThrow(() -> PeerException.badAnswer(url, "listing is not a list"));
        Object[] names = WireValues.array(outer[0]).orElseThrow(() -> PeerException.badAnswer(url, "listing is not a list"));
        List<ListedFile> files = new ArrayList<>();
        for (int i = 0; i < names.length && i < Protocol.MAX_LISTING; i++) {
            WireValues.string(names[i]).ifPresent(name -> files.add(new ListedFile(name, -1, null, false)));
        }
        return files;
    }

    /** Up to {@link Protocol#MAX_CHUNK} bytes of {@code name} from {@code offset}. */
    public Chunk fetch(String name, long offset) throws PeerException {
        Map<?, ?> answer = WireValues.struct(call(Protocol.FETCH, new Object[] {name, WireValues.size(offset)}))
                .orElseThrow(() -> PeerException.badAnswer(url, "chunk is not a struct"));
        Object data = answer.get(Protocol.FIELD_DATA);
        long size = WireValues.size(answer.get(Protocol.FIELD_SIZE))
                .orElseThrow(() -> PeerException.badAnswer(url, "chunk has no valid size"));
        if (!(data instanceof PooledBytes bytes) || bytes.length() > Protocol.MAX_CHUNK) {
            throw PeerException.badAnswer(url, "chunk has no valid data");
        }
        return new Chunk(bytes, size);
    }

    /** A whole file from a legacy peer: text arrives as a string, anything else as base64. */
    public byte[] fetchWhole(String name) throws PeerException {
        Object answer = callLegacy(2, name);
        if (answer instanceof PooledBytes bytes) {
            return bytes.toArray();
        }
        if (answer instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw PeerException.badAnswer(url, "file content is neither text nor base64");
    }

    /**
     * Streams {@code name} from byte {@code offset} to its end over the raw path into {@code sink}.
     *
     * @param expectedSha256 the hash the listing gave; if the server now reports another, nothing is read
     */
    public void download(String name, long offset, String expectedSha256, RawDownload.Sink sink) throws PeerException, IOException {
        download(name, offset, RawDownload.TO_THE_END, expectedSha256, sink);
    }

    /** Streams bytes {@code offset} up to {@code end} (exclusive) of {@code name} over the raw path into {@code sink}. */
    public void download(String name, long offset, long end, String expectedSha256, RawDownload.Sink sink) throws PeerException, IOException {
        Session session = membership.session(url);
        try {
            rawDownload.get(url, name, offset, end, expectedSha256, session, sink);
        } catch (PeerException e) {
            if (!sessionLost(e)) {
                throw e;
            }
            // nothing was written: both show before the answer's body
            membership.forget(session);
            rawDownload.get(url, name, offset, end, expectedSha256, membership.session(url), sink);
        }
    }

    /** Asks for several small files at once over the raw path ({@link RawDownload#bundle}). */
    public void bundle(List<BundledFile> files, RawDownload.BundleSink sink) throws PeerException {
        Session session = membership.session(url);
        try {
            rawDownload.bundle(url, files, session, sink);
        } catch (PeerException e) {
            if (!sessionLost(e)) {
                throw e;
            }
            membership.forget(session); // refused before any file: nothing was delivered
            rawDownload.bundle(url, files, membership.session(url), sink);
        }
    }

    private Object call(String method, Object[] args) throws PeerException {
        List<Object> params = new ArrayList<>(args.length + 1);
        params.add(null);
        params.addAll(Arrays.asList(args));
        boolean renewed = false;
        for (int attempt = 1; ; attempt++) {
            Session session = membership.session(url);
            params.set(0, session.authenticator().sign(method, Arrays.asList(args)));
            try {
                return client.execute(method, params);
            } catch (XmlRpcHttpTransportException e) {
                if (e.getStatusCode() != 429 || attempt == BUSY_RETRIES) {
                    throw PeerFailures.of(url, e);
                }
                pauseBeforeRetry(attempt);
            } catch (XmlRpcException e) {
                PeerException failure = PeerFailures.of(url, e);
                if (renewed || !sessionLost(failure)) {
                    throw failure;
                }
                membership.forget(session); // it restarted, or forgot an idle session: prove the password again
                renewed = true;
            }
        }
    }

    /** The peer no longer knows our session, or shows another certificate than the one it proved the password over. */
    private static boolean sessionLost(PeerException e) {
        return e.faultCode() == Faults.SESSION_UNKNOWN || PeerFailures.certificateChanged(e);
    }

    /** How often a call the server turned away as too many at once (HTTP 429) is tried. */
    static final int BUSY_RETRIES = 6;

    /** Waits a little longer each time a busy server turns us away. */
    static void pauseBeforeRetry(int attempt) throws PeerException {
        try {
            Thread.sleep(100L << Math.min(attempt, 4));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(null, PeerException.Kind.UNREACHABLE, 0, "interrupted", e);
        }
    }

    private Object callLegacy(int n, Object arg) throws PeerException {
        if (legacyToken == null) {
            throw new IllegalStateException("the original protocol is spoken only to original peers the user named");
        }
        Object answer;
        try {
            answer = client.execute(Protocol.LEGACY, new Object[] {legacyToken.forUrl(url.toString()), n, arg});
        } catch (XmlRpcException e) {
            throw PeerFailures.of(url, e);
        }
        if (Boolean.FALSE.equals(answer)) {
            // the original answers False when the token is not the HMAC of the URL it believes is its own
            throw new PeerException(url, PeerException.Kind.PASSWORD_REFUSED, 0,
                    url + " refused the password (an original TinyP2P server also refuses a URL it does not call its own)", null);
        }
        return answer;
    }
}
