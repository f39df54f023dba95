package org.tinyp2p.files;

import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * One file a server offers.
 *
 * @param name its relative path with {@code /} between components, as {@link SharedName} reads it
 * @param modified its modification time, as precise as the file system keeps it (the hash cache compares it)
 * @param path where its bytes are (a link's target), so that a listing finds its hash without resolving the name again
 */
public record SharedFile(String name, long size, FileTime modified, Path path) {
}
