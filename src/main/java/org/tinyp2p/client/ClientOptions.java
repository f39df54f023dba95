package org.tinyp2p.client;

import java.util.OptionalLong;
import org.tinyp2p.files.DownloadFolder;
import org.tinyp2p.files.NameMatcher;

/**
 * How a client run works.
 *
 * @param folder where files are written
 * @param parallel how many files download at once (and how many peers are asked at once)
 * @param raw whether to use the raw download path where a peer offers it (else XML-RPC fetch only)
 * @param dryRun walk and list, say what would be fetched, write nothing
 * @param minFree bytes a download must leave free on the folder's file store ({@code --min-free}); empty for
 *     the default, the smaller of 64 MiB and 5% of the file store's size
 */
public record ClientOptions(DownloadFolder folder, NameMatcher matcher, int parallel, boolean raw, boolean dryRun, OptionalLong minFree) {
    public static final int DEFAULT_PARALLEL = 4;
    public static final int MAX_PARALLEL = 64;
}
