package io.github.modemvoice.cli;

import io.github.modemvoice.internal.AtomicFiles;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/** The files a command writes for the user (a password hash, a configuration): private, and never over an existing one unasked. */
final class CliFiles {
    private CliFiles() {
    }

    /**
     * Writes a file of the user's, 0600, and says so on stderr.
     *
     * @param file     the file
     * @param data     its content
     * @param replace  whether an existing file is replaced (atomically)
     * @param ifExists what to tell the user when it exists and is not replaced, e.g. "give --force to replace it"
     * @return {@link ExitStatus#OK}, or {@link ExitStatus#STORAGE_UNUSABLE} after saying why it was not written
     */
    static int writePrivate(Path file, byte[] data, boolean replace, String ifExists) {
        try {
            if (replace) {
                AtomicFiles.write(file, data);
            } else {
                AtomicFiles.createPrivate(file, data);
            }
        } catch (FileAlreadyExistsException e) {
            System.err.println("modem-voice: " + file + " already exists; " + ifExists);
            return ExitStatus.STORAGE_UNUSABLE;
        } catch (IOException e) {
            System.err.println("modem-voice: cannot write " + file + ": " + AtomicFiles.describe(e));
            return ExitStatus.STORAGE_UNUSABLE;
        }
        System.err.println("wrote " + file);
        return ExitStatus.OK;
    }
}
