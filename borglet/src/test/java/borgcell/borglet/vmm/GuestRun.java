package borgcell.borglet.vmm;

import borgcell.borglet.vmm.libos.GuestStreams;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One program run, natively as a process or in a microVM: what it printed and how it ended. */
record GuestRun(String stdout, String stderr, int exitCode, long micros, VmResult vm) {

    /** args[0] is replaced by the binary's absolute path in both worlds: a process cannot be given another argv[0] from Java. */
    static GuestRun natively(Path binary, List<String> args, List<String> env) throws Exception {
        return natively(binary, args, env, null);
    }

    /** As {@link #inSandbox}, natively: {@code dir} as the working directory, the same environment. */
    static GuestRun nativelyIn(Path dir, Path binary, List<String> args) throws Exception {
        return natively(binary, args, List.of("HOME=/"), dir);
    }

    private static GuestRun natively(Path binary, List<String> args, List<String> env, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(argv(binary, args));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().clear();
        for (String variable : env) {
            int eq = variable.indexOf('=');
            builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
        }
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(binary + " did not end natively within 30 s");
        }
        long micros = (System.nanoTime() - started) / 1000;
        return new GuestRun(text(out), text(err.join()), process.exitValue(), micros, null);
    }

    static GuestRun inMicroVm(Platform platform, Path binary, List<String> args, List<String> env) throws Exception {
        return inMicroVm(platform, binary, args, env, null);
    }

    /** With {@code sandbox} as the guest's {@code /}; argv[0] stays as given (the guest has no host paths). */
    static GuestRun inSandbox(Platform platform, Path binary, List<String> args, Path sandbox) throws Exception {
        return inMicroVm(platform, binary, args, List.of("HOME=/"), sandbox);
    }

    private static GuestRun inMicroVm(Platform platform, Path binary, List<String> args, List<String> env, Path sandbox)
            throws Exception {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        long started = System.nanoTime();
        VmResult result = MicroVm.builder().platform(platform).program(Files.readAllBytes(binary)).args(sandbox == null ? argv(binary, args) : args)
                .env(env).sandbox(sandbox).timeout(java.time.Duration.ofSeconds(30)).streams(new GuestStreams(out, err))
                .build().run();
        long micros = (System.nanoTime() - started) / 1000;
        return new GuestRun(text(out.toByteArray()), text(err.toByteArray()), result.exitCode(), micros, result);
    }

    private static List<String> argv(Path binary, List<String> args) {
        List<String> argv = new java.util.ArrayList<>(args);
        argv.set(0, binary.toAbsolutePath().toString());
        return argv;
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
