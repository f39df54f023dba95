package org.tinyp2p.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.tinyp2p.Failure;

/** The checks a folder passes before it is shared or downloaded into, on both sides in the same words. */
final class FolderChecks {
    private FolderChecks() {
    }

    /** The folder's real path once it exists, is a folder and is readable (the JDK file server's checks and wording). */
    static Path open(Path folder) throws Failure {
        if (!Files.exists(folder)) {
            throw new Failure("Folder does not exist: " + folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new Failure("Path is not a folder: " + folder);
        }
        if (!Files.isReadable(folder)) {
            throw new Failure("Folder is not readable: " + folder);
        }
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            throw new Failure("Folder cannot be opened: " + folder + " (" + e.getMessage() + ")", e);
        }
    }

    /** A warning if group or others may write in the folder (they could plant or swap files in it), or empty. */
    static Optional<String> looselyWritable(Path root) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(root);
            if (permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return Optional.of(root + " can be written by others too (" + PosixFilePermissions.toString(permissions)
                        + "): they could plant or swap files in it; chmod go-w " + root);
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // nothing to check on this file system
        }
        return Optional.empty();
    }
}
