package org.tinyp2p.files;

/** One file a server offers: its plain name and size in bytes. */
public record SharedFile(String name, long size) {
}
