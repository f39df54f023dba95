package org.tinyp2p.protocol;

/**
 * The names and limits of the wire protocol, shared by servers and clients. Every method takes the call's
 * authentication string first (see {@link CallAuthenticator}); sizes and offsets travel as decimal strings
 * because XML-RPC's {@code int} is 32-bit and {@code i8} needs Apache's unsafe "extensions".
 *
 * <pre>
 * ping(auth, string[] peers)                  -&gt; string[] peers      (the callee's list, itself included)
 * list(auth, string substring[, after])       -&gt; struct{name, size, mtime, sha256, raw}[], then {more} if cut
 * fetch(auth, string name, string offset)     -&gt; struct{data: base64, size: string}
 * f(token, int n, arg)                        -&gt; the original TinyP2P method, only with --legacy
 * GET /files/NAME  (Authorization: tinyp2p AUTH, optional Range)  -&gt; the file's bytes, streamed
 * </pre>
 * The GET's authentication covers the method {@code GET}, the file name and the Range header's value
 * (empty when there is none).
 */
public final class Protocol {
    public static final String PING = "ping";
    public static final String LIST = "list";
    public static final String FETCH = "fetch";
    public static final String LEGACY = "f";

    /** The most bytes one {@code fetch} answers: big enough to amortise a call, small enough to hold. */
    public static final int MAX_CHUNK = 2 * 1024 * 1024;

    /** The original's f() answers whole files in one response; beyond this it is refused. */
    public static final long MAX_LEGACY_FILE = 64L * 1024 * 1024;

    /** Requests carry names and peer lists only. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;

    /** A fetch answer is one chunk in base64 plus a little XML. */
    public static final long MAX_RESPONSE_BYTES = 4L * MAX_CHUNK;

    /** Files listed from any one peer beyond this are ignored. */
    public static final int MAX_LISTING = 100_000;

    public static final String FIELD_NAME = "name";
    public static final String FIELD_SIZE = "size";
    public static final String FIELD_DATA = "data";
    public static final String FIELD_SHA256 = "sha256";
    public static final String FIELD_RAW = "raw";
    /** A listed file's modification time: milliseconds since 1970, as a decimal string (as sizes are). */
    public static final String FIELD_MODIFIED = "mtime";
    /**
     * A listing answer's last entry, {@code {more: true}} and no name, when the server cut it short (an answer is
     * at most {@link #MAX_RESPONSE_BYTES}): the caller asks again with the last name it got as a second argument,
     * and gets the names after it. Clients that do not know it skip an entry without a name.
     */
    public static final String FIELD_MORE = "more";
    /** Pages of one listing a client asks for at most (a server that keeps answering "more" is not followed further). */
    public static final int MAX_LISTING_PAGES = 1_000;
    /**
     * Characters of names a client keeps from one peer's listing: 100,000 paths of 160 on average. A member gone
     * bad listing 100,000 valid names of 4 KB each would otherwise take a client's heap (seen: out of memory).
     */
    public static final long MAX_LISTING_CHARS = 16_000_000;

    /** The password exchange (secure.Pake): two POSTs of {@code secure.PakeMessage}s, before any call. */
    public static final String PAKE_PATH = "/pake";
    /** HTTP status of the exchange's refusals: the confirmation failed, or the caller saw another certificate. */
    public static final int PAKE_REFUSED = 401;
    /**
     * Not HTTP's, a fault code of ours: the peer holds back the password exchange from our address (too many
     * wrong passwords lately, from it or from strangers in all). Not "busy" (429: asked again at once), and
     * never a sign of an original TinyP2P peer.
     */
    public static final int HELD_BACK = -429;
    public static final int PAKE_OTHER_CERTIFICATE = 403;

    /** Files are served by plain GET under this path, beside the XML-RPC endpoint. */
    public static final String RAW_PREFIX = "/files/";
    /** The pseudo-method the raw download's authentication is computed for. */
    public static final String RAW_METHOD = "GET";
    public static final String AUTH_SCHEME = "tinyp2p ";
    /** The server's hash of the file it streams, so a client can stop at once if it changed. */
    public static final String SHA256_HEADER = "X-Tinyp2p-Sha256";

    /**
     * Small files come several to a request: a POST of their names (percent-encoded, a line each), answered
     * with each file in turn, a line {@code SIZE SHA256} (the hash as {@code -} when the server has none yet)
     * before its bytes, or a line {@code -} for a file the server does not bundle. Saves a request per file.
     */
    public static final String BUNDLE_PATH = "/bundle";
    /** The pseudo-method a bundle's authentication is computed for, over the names asked. */
    public static final String BUNDLE_METHOD = "BUNDLE";
    public static final String BUNDLE_TYPE = "application/x-tinyp2p-bundle";
    /** Names one bundle asks for at most. */
    public static final int MAX_BUNDLE_FILES = 64;
    /** Files larger than this are not bundled (they are asked for alone). */
    public static final int MAX_BUNDLED_FILE = 128 * 1024;
    /** File bytes one bundle answers at most: later files are answered {@code -}. */
    public static final int MAX_BUNDLE_BYTES = 1024 * 1024;
    /** A bundle request's body at most: its names, percent-encoded. */
    public static final int MAX_BUNDLE_REQUEST = 64 * 1024;
    /** The line before a file in a bundle's answer, at most. */
    public static final int MAX_BUNDLE_LINE = 100;

    private Protocol() {
    }
}
