package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.arch.GuestLayout;
import borgcell.borglet.vmm.guest.ElfException;
import borgcell.borglet.vmm.guest.ElfFile;
import borgcell.borglet.vmm.guest.ElfLoader;
import borgcell.borglet.vmm.guest.InitialStack;
import borgcell.borglet.vmm.guest.LoadedProgram;
import borgcell.borglet.vmm.host.ChildProcess;
import borgcell.borglet.vmm.host.WaitStatus;
import borgcell.borglet.vmm.memory.UserMemory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The least a guest syscall can cost on the ptrace platform: a guest in a stub, as a microVM
 * has it, whose syscalls are stopped with exactly the ptrace requests {@link PtraceMachine}
 * makes for each (PTRACE_SYSEMU, waitpid, GETREGS, SETREGS) and answered 0, with no library OS
 * behind them. {@code borg vm bench} holds the library OS's cost per syscall against this.
 */
public final class SyscallFloor {

    private static final long EXIT_GROUP = 231;

    private SyscallFloor() {}

    /**
     * Runs {@code program} (a static executable that fits in the smallest guest RAM and ends with
     * exit_group) to its exit_group, every other syscall answered 0; answers the microseconds
     * per such syscall, from its first instruction to the exit_group stop.
     */
    public static double microsPerSyscall(byte[] program) throws ElfException {
        ElfFile elf = ElfFile.parse(program);
        ElfLoader.placement(elf, GuestLayout.MIN_RAM);
        // ptrace requests come only from the thread that seized the stub: all of it on one thread of its own.
        var micros = new CompletableFuture<Double>();
        Thread.ofPlatform().name("microvm-syscall-floor").daemon(true).start(() -> {
            try {
                micros.complete(onTracerThread(elf, program));
            } catch (Throwable t) {
                micros.completeExceptionally(t);
            }
        });
        try {
            return micros.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static double onTracerThread(ElfFile elf, byte[] program) throws ElfException {
        Stub stub = Stub.prepare();
        PtraceMachine machine;
        try {
            machine = new PtraceMachine(stub, GuestLayout.MIN_RAM);
        } catch (RuntimeException e) {
            stub.close();
            throw e;
        }
        // The machine only loads the guest and tears it down (it closes the stub); the loop below drives the stub itself.
        try (machine) {
            UserMemory user = new UserMemory(machine.memory(), GuestLayout.USER_BASE);
            LoadedProgram loaded = ElfLoader.load(elf, program, user);
            long rsp = InitialStack.build(user, loaded, List.of("syscall-floor"), List.of(), new byte[16],
                    new InitialStack.Identity(0, 0));
            machine.enterUserMode(loaded.entry(), rsp);
            return answerZeroUntilExit(stub);
        }
    }

    /** The bare loop, on the registers {@link PtraceMachine#enterUserMode} left in the stub's {@link UserRegs}. */
    private static double answerZeroUntilExit(Stub stub) {
        int pid = stub.pid;
        UserRegs regs = stub.regs;
        long syscalls = 0;
        long started = System.nanoTime();
        if (!Ptrace.setRegsOrGone(pid, regs.segment())) {
            throw lost("PTRACE_SETREGS before the first instruction");
        }
        while (true) {
            if (!Ptrace.sysemuOrGone(pid)) {
                throw lost("syscall " + (syscalls + 1));
            }
            int status = ChildProcess.waitpid(pid, stub.status, ChildProcess.WALL);
            if (!WaitStatus.stopped(status) || WaitStatus.stopSignal(status) != Ptrace.SYSCALL_STOP) {
                if (!WaitStatus.stopped(status)) {
                    stub.markGone();
                }
                throw new IllegalStateException("the syscall-floor guest " + WaitStatus.describe(status)
                        + " after " + syscalls + " syscalls, instead of making another");
            }
            if (!Ptrace.getRegsOrGone(pid, regs.segment())) {
                throw lost("syscall " + (syscalls + 1));
            }
            if (regs.origRax() == EXIT_GROUP) {
                break;
            }
            syscalls++;
            regs.rax(0);
            if (!Ptrace.setRegsOrGone(pid, regs.segment())) {
                throw lost("syscall " + (syscalls + 1));
            }
        }
        long elapsed = System.nanoTime() - started;
        if (syscalls == 0) {
            throw new IllegalStateException("the syscall-floor guest made no syscall before exit_group");
        }
        return elapsed / 1e3 / syscalls;
    }

    /** A request found the stub gone; closing the machine reaps it. */
    private static IllegalStateException lost(String during) {
        return new IllegalStateException("the syscall-floor stub vanished during " + during);
    }
}
