package org.tinyp2p.protocol;

/**
 * A file as a peer's listing describes it.
 *
 * @param size in bytes, or -1 when an original TinyP2P peer does not say
 * @param sha256 lowercase hex, or null when the peer has not hashed it yet (or is an original peer)
 * @param raw whether the peer serves its bytes by plain HTTP GET (see {@link Protocol#RAW_PREFIX})
 * @param modified the file's modification time in milliseconds since 1970, or -1 when the peer does not say
 */
public record ListedFile(String name, long size, String sha256, boolean raw, long modified) {
    public ListedFile(String name, long size, String sha256, boolean raw) {
        this(name, size, sha256, raw, -1);
    }
}
