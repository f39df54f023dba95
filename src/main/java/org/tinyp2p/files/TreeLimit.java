package org.tinyp2p.files;

/**
 * The limits of what a shared tree offers. A tree over one is listed up to it: what lies beyond is left out,
 * and the server says so once ({@link SharedFolder}), naming the limit.
 */
public enum TreeLimit {
    DEPTH("folders nested more than " + SharedName.MAX_DEPTH + " deep: the files below are not shared"),
    NAME("names longer than " + FileNames.MAX_BYTES + " bytes: those files and folders are not shared"),
    PATH("paths longer than " + SharedName.MAX_BYTES + " bytes: those files are not shared"),
    FILES(String.format(java.util.Locale.ROOT, "more files than a listing carries (%,d): the rest are left out", SharedFolder.MAX_LISTED));

    private final String beyond;

    TreeLimit(String beyond) {
        this.beyond = beyond;
    }

    /** The one line that says the shared tree is over this limit. */
    public String warning(java.nio.file.Path root) {
        return root + " has " + beyond;
    }
}
