package io.github.modemvoice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A serial port as {@code probe} sees it: the name to configure, the device behind it and what
 * USB says about it (interface number, which USB device it belongs to, its vendor and product
 * id). The USB facts come from sysfs when the kernel has them ({@code /sys/class/tty/NAME/device}
 * up to the interface's {@code bInterfaceNumber} and the device's {@code idVendor},
 * {@code idProduct}), else from the udev by-id name: systemd's {@code rules.d/60-serial.rules}
 * names a USB port {@code serial/by-id/<bus>-<serial>-if<bInterfaceNumber>[-port<n>]}.
 *
 * @param path         the port as the user names it (a by-id link when there is one)
 * @param kernelName   the kernel's name of the tty ({@code ttyUSB2}), as sysfs knows it
 * @param usbInterface its USB interface number, when known
 * @param usbDevice    what identifies the USB device it belongs to (its ports share it), when known
 * @param usbId        the device's {@code vendor:product} id, e.g. {@code 1e0e:9001}, when known
 */
record ProbePort(Path path, String kernelName, OptionalInt usbInterface, Optional<String> usbDevice, Optional<String> usbId) {
    private static final Pattern BY_ID = Pattern.compile("(.+)-if(\\p{XDigit}{2})(-port\\d+)?");
    private static final Pattern NUMBERED = Pattern.compile("(\\D*)(\\d+)");

    /**
     * The system's USB serial ports: {@code DIR/serial/by-id/*} first (stable names), then each
     * {@code DIR/ttyUSB*} and {@code DIR/ttyACM*} that no by-id name points to.
     *
     * @param devDir the device directory, {@code /dev} on a real system
     * @return the ports, in that order
     * @throws IOException when a directory cannot be read
     */
    static List<Path> list(Path devDir) throws IOException {
        List<Path> ports = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        Path byId = devDir.resolve("serial/by-id");
        if (Files.isDirectory(byId)) {
            for (Path p : sorted(byId, "*")) {
                if (seen.add(real(p))) {
                    ports.add(p);
                }
            }
        }
        for (Path p : sorted(devDir, "tty{USB,ACM}[0-9]*")) {
            if (seen.add(real(p))) {
                ports.add(p);
            }
        }
        return ports;
    }

    /**
     * @param port   a port
     * @param sysDir the sysfs root, {@code /sys} on a real system
     * @return what is known about it
     */
    static ProbePort describe(Path port, Path sysDir) {
        String kernelName = kernelName(port);
        Path device = sysDir.resolve("class/tty").resolve(kernelName).resolve("device");
        if (Files.exists(device)) {
            try {
                Path dir = device.toRealPath();
                // usb-serial: device is the port, its parent the interface; cdc-acm: device is the interface
                for (int up = 0; up < 3 && dir != null; up++, dir = dir.getParent()) {
                    Optional<String> number = attribute(dir, "bInterfaceNumber");
                    if (number.isPresent()) {
                        Path usb = dir.getParent();
                        Optional<String> vendor = attribute(usb, "idVendor");
                        Optional<String> product = attribute(usb, "idProduct");
                        return new ProbePort(port, kernelName, OptionalInt.of(Integer.parseInt(number.get(), 16)),
                                vendor.isPresent() ? Optional.of("sysfs:" + usb) : Optional.empty(),
                                vendor.flatMap(v -> product.map(pr -> v + ":" + pr)));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // sysfs without the usual attributes: fall back to the name
            }
        }
        Matcher m = BY_ID.matcher(port.getFileName().toString());
        if (isLinkIn(port, "by-id") && m.matches()) {
            return new ProbePort(port, kernelName, OptionalInt.of(Integer.parseInt(m.group(2), 16)),
                    Optional.of("by-id:" + m.group(1)), Optional.empty());
        }
        return new ProbePort(port, kernelName, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }

    /** @return "USB interface 02", or "" when unknown */
    String interfaceText() {
        return usbInterface.isPresent() ? String.format("USB interface %02d", usbInterface.getAsInt()) : "";
    }

    /** @return the device node the path leads to (symbolic links resolved), or the path itself */
    static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** by-id and by-path names are links to {@code ../../ttyUSB2}: the kernel's name is the link's */
    private static String kernelName(Path port) {
        if (isLinkIn(port, "by-id") || isLinkIn(port, "by-path")) {
            try {
                return Files.readSymbolicLink(port).getFileName().toString();
            } catch (IOException e) {
                // not readable: the name given stands
            }
        }
        return port.getFileName().toString();
    }

    private static boolean isLinkIn(Path port, String dir) {
        Path parent = port.getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(dir)
                && Files.isSymbolicLink(port);
    }

    private static Optional<String> attribute(Path dir, String name) {
        if (dir == null) {
            return Optional.empty();
        }
        try {
            Path f = dir.resolve(name);
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.US_ASCII).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Names with a number in numeric order: ttyUSB2 before ttyUSB10. */
    private static List<Path> sorted(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.comparing((Path p) -> stem(p.getFileName().toString())).thenComparingLong(p -> number(p.getFileName().toString()))
                .thenComparing(p -> p.getFileName().toString()));
        return out;
    }

    private static String stem(String name) {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    private static long number(String name) {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() && m.group(2).length() < 18 ? Long.parseLong(m.group(2)) : -1;
    }
}
