package org.tinyp2p.protocol;

/** A small file asked for in a bundle ({@link Protocol#BUNDLE_PATH}), as a listing gave it. */
public record BundledFile(String name, long size, String sha256) {
    public BundledFile {
        if (size < 0 || size > Protocol.MAX_BUNDLED_FILE || !org.tinyp2p.files.HashCache.isSha256(sha256)) {
            throw new IllegalArgumentException("not a file to bundle: " + name + " (" + size + " bytes)");
        }
    }
}
