package borgcell.cli.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel holds for processes and VMs and reports only host-wide ({@code /proc/meminfo}),
 * in KiB: kernel stacks (16 KiB a thread), unreclaimable slab (task, mm and file structs, KVM's
 * vCPU state) and page tables, the host's and KVM's own for guests. No process's VmRSS has them.
 */
record KernelMemory(long kernelStackKib, long slabUnreclaimableKib, long pageTablesKib) {

    static KernelMemory now() {
        long stack = 0;
        long slab = 0;
        long tables = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("KernelStack:")) {
                    stack = ProcStatus.kib(line);
                } else if (line.startsWith("SUnreclaim:")) {
                    slab = ProcStatus.kib(line);
                } else if (line.startsWith("PageTables:") || line.startsWith("SecPageTables:")) {
                    tables += ProcStatus.kib(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/meminfo", e);
        }
        return new KernelMemory(stack, slab, tables);
    }

    long totalKib() {
        return kernelStackKib + slabUnreclaimableKib + pageTablesKib;
    }
}
