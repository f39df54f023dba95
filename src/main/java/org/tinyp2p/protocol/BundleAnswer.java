package org.tinyp2p.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.peer.PeerUrl;

/**
 * Reads a bundle's answer ({@link Protocol#BUNDLE_PATH}) from its connection, one file at a time, and believes
 * none of it: each line is bounded and parsed strictly, no file is larger than the protocol allows, and a file
 * counts only if it has the size (and, where the server says, the hash) its listing gave. Its bytes are still
 * verified against the listed SHA-256 before they get a name.
 */
final class BundleAnswer {
    private final PeerUrl peer;
    private final RawConnection connection;
    /** After this long, an answer arriving slower than {@link RawDownload#MIN_RATE} is dropped, as a download is. */
    private final long graceNanos;
    private final long started = System.nanoTime();
    private long received;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    BundleAnswer(PeerUrl peer, RawConnection connection, java.time.Duration grace) {
        this.peer = peer;
        this.connection = connection;
        this.graceNanos = grace.toNanos();
    }

    /**
     * The bytes of the next file, if the server sent it as listed; empty if it answered {@code -} or sent other
     * bytes than listed (then the file is asked for alone).
     *
     * @throws PeerException if the answer breaks the format, or ends early
     */
    Optional<byte[]> next(BundledFile file) throws IOException, PeerException {
        String line = line();
        if (line.equals("-")) {
            return Optional.empty();
        }
        int space = line.indexOf(' ');
        long size = space > 0 && space <= 7 ? parseSize(line.substring(0, space)) : -1;
        String sha256 = space > 0 ? line.substring(space + 1) : "";
        if (size < 0 || size > Protocol.MAX_BUNDLED_FILE || !(sha256.equals("-") || HashCache.isSha256(sha256))) {
            throw PeerException.badAnswer(peer, "sent a malformed bundle");
        }
        byte[] bytes = bytes((int) size);
        boolean asListed = size == file.size() && (sha256.equals("-") || sha256.equals(file.sha256()));
        return asListed ? Optional.of(bytes) : Optional.empty();
    }

    /** Whether the answer ended with the last file, as it must. */
    boolean atEnd() throws IOException, PeerException {
        return start == end && fill() <= 0;
    }

    private static long parseSize(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0') ? -1 : Long.parseLong(digits);
    }

    private String line() throws IOException, PeerException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (start == end && fill() <= 0) {
                throw PeerException.badAnswer(peer, "ended its bundle early");
            }
            byte b = buffer[start++];
            if (b == '\n') {
                return line.toString();
            }
            if (line.length() == Protocol.MAX_BUNDLE_LINE) {
                throw PeerException.badAnswer(peer, "sent a malformed bundle");
            }
            line.append((char) (b & 0xFF));
        }
    }

    private byte[] bytes(int size) throws IOException, PeerException {
        byte[] bytes = new byte[size];
        int have = 0;
        while (have < size) {
            if (start == end && fill() <= 0) {
                throw PeerException.badAnswer(peer, "ended its bundle early");
            }
            int n = Math.min(size - have, end - start);
            System.arraycopy(buffer, start, bytes, have, n);
            start += n;
            have += n;
        }
        return bytes;
    }

    private int fill() throws IOException, PeerException {
        start = 0;
        end = Math.max(0, connection.readBody(buffer, 0, buffer.length));
        received += end;
        long elapsed = System.nanoTime() - started;
        if (elapsed > graceNanos && received * 1_000_000_000L / elapsed < RawDownload.MIN_RATE) {
            throw PeerException.badAnswer(peer, "sends too slowly (under " + RawDownload.MIN_RATE / 1024 + " KiB/s)");
        }
        return end == 0 ? -1 : end;
    }

}
