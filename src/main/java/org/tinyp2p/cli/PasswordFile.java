package org.tinyp2p.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code --password-file FILE}: the password is FILE's first line. An exported variable reaches every later
 * program of that shell, and a command line every user of the machine; a file readable by its owner only
 * reaches neither. A file that group or others may read is refused, with the reason.
 */
final class PasswordFile {
    /** Far more than any password's line. */
    private static final int MAX_BYTES = 4096;

    private PasswordFile() {
    }

    static String read(Path file, Function<String, RuntimeException> refusal) {
        try {
            if (!Files.isRegularFile(file)) {
                throw refusal.apply(Files.exists(file) ? "--password-file " + file + " is not a regular file"
                        : "--password-file " + file + " does not exist");
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw refusal.apply("--password-file " + file + " can be read by others (" + PosixFilePermissions.toString(permissions)
                            + "); make it private: chmod 600 " + file);
                }
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: nothing to check
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(MAX_BYTES);
            }
            String line = new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            if (line.isEmpty()) {
                throw refusal.apply("--password-file " + file + " has no password on its first line");
            }
            return line;
        } catch (NoSuchFileException e) {
            throw refusal.apply("--password-file " + file + " does not exist");
        } catch (IOException e) {
            throw refusal.apply("--password-file " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
