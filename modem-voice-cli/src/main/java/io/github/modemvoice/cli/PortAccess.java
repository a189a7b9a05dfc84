package io.github.modemvoice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether this user may open a port, and which other processes have it open: what {@code probe}
 * checks before it sends a byte, so that it never talks to a modem another program is using.
 * Linux: the process table is {@code /proc}; a process of another user (ModemManager runs as
 * root) shows its open files only to root, so a normal user sees that ModemManager runs, not
 * which ports it holds.
 */
final class PortAccess {
    private static final Path PROC = Path.of("/proc");

    private PortAccess() {
    }

    /** A process that has the port open. @param pid its id @param name its command name */
    record Holder(long pid, String name) {
        boolean isModemManager() {
            return name.equals("ModemManager");
        }

        @Override
        public String toString() {
            return name + " (pid " + pid + ")";
        }
    }

    /**
     * @param port a port that exists
     * @return why this user may not open it and what to do, in the user's words; empty when it may
     */
    static Optional<String> permissionProblem(Path port) {
        // access(2) semantics: true for root
        if (Files.isReadable(port) && Files.isWritable(port)) {
            return Optional.empty();
        }
        String user = System.getProperty("user.name", "you");
        try {
            Path device = ProbePort.real(port);
            PosixFileAttributes a = Files.readAttributes(device, PosixFileAttributes.class);
            String group = a.group().getName();
            int gid = (Integer) Files.getAttribute(device, "unix:gid");
            String mode = PosixFilePermissions.toString(a.permissions());
            String owned = device + " belongs to " + a.owner().getName() + ":" + group + " (" + mode + ")";
            if (processGroups().contains((long) gid)) {
                return Optional.of("you may not open it although you are in group " + group + ": " + owned
                        + "; the group may not read and write it (a udev rule with MODE=\"0660\" would let it)");
            }
            if (groupMembers(group).contains(user)) {
                return Optional.of("you may not open it: " + owned + "; you were added to group " + group
                        + " after you logged in: log in again (or run: newgrp " + group + ")");
            }
            return Optional.of("you may not open it: " + owned + ", and you (" + user + ") are not in group " + group
                    + ". Add yourself: sudo usermod -aG " + group + " " + user + ", then log in again");
        } catch (IOException | UnsupportedOperationException | ClassCastException | IllegalArgumentException e) {
            return Optional.of("you may not open it. Add yourself to group dialout: sudo usermod -aG dialout " + user
                    + ", then log in again");
        }
    }

    /**
     * @param port a port
     * @return the other processes that have the device open (as far as this user can see)
     */
    static List<Holder> holders(Path port) {
        Path device = ProbePort.real(port);
        // a pseudo-terminal /dev/pts/N: the process with its master (ptmx, fdinfo "tty-index: N") is the
        // device's other end, e.g. socat bridging a simulated modem, not a program using the port
        String ptyIndex = device.getParent() != null && device.getParent().equals(Path.of("/dev/pts"))
                ? device.getFileName().toString() : null;
        long self = ProcessHandle.current().pid();
        List<Holder> out = new ArrayList<>();
        for (Path proc : processes()) {
            long pid = Long.parseLong(proc.getFileName().toString());
            if (pid == self) {
                continue;
            }
            boolean holds = false;
            boolean master = false;
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                for (Path fd : fds) {
                    Path target = readLink(fd);
                    holds |= device.equals(target);
                    master |= ptyIndex != null && target != null && target.getFileName() != null
                            && target.getFileName().toString().equals("ptmx") && ptyIndex.equals(ttyIndex(proc, fd));
                }
            } catch (IOException | SecurityException e) {
                // another user's process, or it just exited: not visible
            }
            if (holds && !master) {
                out.add(new Holder(pid, command(proc)));
            }
        }
        return out;
    }

    private static String ttyIndex(Path proc, Path fd) {
        try {
            for (String line : Files.readAllLines(proc.resolve("fdinfo").resolve(fd.getFileName().toString()), StandardCharsets.UTF_8)) {
                if (line.startsWith("tty-index:")) {
                    return line.substring("tty-index:".length()).strip();
                }
            }
        } catch (IOException e) {
            // it just closed
        }
        return null;
    }

    /** @return ModemManager's process, when it runs (its name is visible to every user) */
    static Optional<Holder> modemManager() {
        for (Path proc : processes()) {
            String name = command(proc);
            if (name.equals("ModemManager")) {
                return Optional.of(new Holder(Long.parseLong(proc.getFileName().toString()), name));
            }
        }
        return Optional.empty();
    }

    /**
     * How to keep ModemManager away from one modem, in the user's words.
     *
     * @param usbId the modem's {@code vendor:product} id, when known
     * @return the commands
     */
    static String modemManagerAdvice(Optional<String> usbId) {
        // ID_MM_DEVICE_IGNORE: "explicitly requesting to ignore all ports exposed by the device"
        // (ModemManager include/ModemManager-tags.h, since 1.10; all filter policies since 1.12)
        String vendor = usbId.map(id -> id.substring(0, id.indexOf(':'))).orElse("VENDOR");
        String product = usbId.map(id -> id.substring(id.indexOf(':') + 1)).orElse("PRODUCT");
        return "to keep ModemManager away from this modem only: echo 'ACTION==\"add|change|move|bind\", SUBSYSTEMS==\"usb\", "
                + "ATTRS{idVendor}==\"" + vendor + "\", ATTRS{idProduct}==\"" + product + "\", ENV{ID_MM_DEVICE_IGNORE}=\"1\"' "
                + "| sudo tee /etc/udev/rules.d/77-modem-voice.rules && sudo udevadm control --reload "
                + "&& sudo udevadm trigger && sudo systemctl restart ModemManager"
                + (usbId.isEmpty() ? " (VENDOR and PRODUCT: the modem's ids, as lsusb shows them)" : "")
                + "; or, when this machine needs no mobile data: sudo systemctl disable --now ModemManager";
    }

    private static List<Path> processes() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
            ds.forEach(out::add);
        } catch (IOException e) {
            // no /proc: nothing can be told
        }
        return out;
    }

    private static Path readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** @return this process's group ids ({@code /proc/self/status}, "Groups:" and "Gid:") */
    private static List<Long> processGroups() throws IOException {
        List<Long> gids = new ArrayList<>();
        for (String line : Files.readAllLines(PROC.resolve("self/status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Groups:") || line.startsWith("Gid:")) {
                Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .filter(s -> !s.isEmpty()).map(Long::parseLong).forEach(gids::add);
            }
        }
        return gids;
    }

    /** @return the members /etc/group lists for a group */
    private static List<String> groupMembers(String group) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 4 && f[0].equals(group) && !f[3].isEmpty()) {
                    return List.of(f[3].split(","));
                }
            }
        } catch (IOException e) {
            // no /etc/group (another name service): the general advice stands
        }
        return List.of();
    }
}
