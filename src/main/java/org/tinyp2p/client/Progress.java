package org.tinyp2p.client;

/**
 * What a client run tells a live display as it downloads. Called from several threads at once. The
 * command line shows it on a terminal; elsewhere it is {@link #NONE}, and one line per file says it all.
 */
public interface Progress extends AutoCloseable {
    /** The downloads are about to start: this many files and bytes in all. */
    void start(int files, long bytes);

    /** A file's download began (it may resume from bytes already here, which count as done). */
    void fileStarted(String name, long alreadyHere);

    /** Bytes of some file arrived. */
    void advance(long bytes);

    /** A file is finished, fetched or not. */
    void fileDone(String name);

    @Override
    void close();

    Progress NONE = new Progress() {
        @Override public void start(int files, long bytes) { }
        @Override public void fileStarted(String name, long alreadyHere) { }
        @Override public void advance(long bytes) { }
        @Override public void fileDone(String name) { }
        @Override public void close() { }
    };
}
