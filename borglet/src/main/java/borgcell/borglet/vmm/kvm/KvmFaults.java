package borgcell.borglet.vmm.kvm;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import borgcell.borglet.vmm.GuestExit;
import borgcell.borglet.vmm.arch.ExceptionVector;
import borgcell.borglet.vmm.arch.Idt;
import borgcell.borglet.vmm.host.Signals;
import borgcell.borglet.vmm.memory.BadGuestAddressException;
import borgcell.borglet.vmm.memory.GuestMemory;
import java.lang.foreign.MemorySegment;

/**
 * Crash reports from a halted vCPU. Every exception vector's IDT gate leads to a {@code hlt}
 * of its own, so where the vCPU halted says which exception it took; the frame the CPU pushed
 * on the kernel stack says where in the program, and CR2 which address a page fault was for.
 */
final class KvmFaults {

    private KvmFaults() {}

    /** The guest halted: at an exception entry that is a fault in the program; anywhere else, something stranger. */
    static GuestExit atHalt(KvmVcpu vcpu, GuestMemory memory, VcpuExit exit) {
        KvmRegs regs = vcpu.regs();
        int vector = Idt.vectorHaltedAt(regs.rip());
        if (vector < 0) {
            return unexpected(vcpu, exit);
        }
        ExceptionVector kind = ExceptionVector.of(vector);
        StringBuilder report = new StringBuilder("guest fault: ").append(kind.description())
                .append(" (").append(Signals.name(kind.signal())).append(")");
        try {
            long frame = regs.rsp();
            long errorCode = 0;
            if (kind.pushesErrorCode()) {
                errorCode = memory.slice(frame, 8).get(JAVA_LONG_UNALIGNED, 0);
                frame += 8;
            }
            MemorySegment f = memory.slice(frame, 5 * 8);
            long rip = f.get(JAVA_LONG_UNALIGNED, 0);
            long cs = f.get(JAVA_LONG_UNALIGNED, 8);
            long rsp = f.get(JAVA_LONG_UNALIGNED, 24);
            report.append(" at rip 0x").append(Long.toHexString(rip)).append(" (ring ").append(cs & 3)
                    .append(", cs 0x").append(Long.toHexString(cs)).append(")")
                    .append(", rsp 0x").append(Long.toHexString(rsp));
            if (kind == ExceptionVector.PF) {
                report.append(", fault address 0x").append(Long.toHexString(vcpu.sregs().cr2()))
                        .append(" (").append(pageFaultCause(errorCode)).append(", error code 0x")
                        .append(Long.toHexString(errorCode)).append(")");
            } else if (kind.pushesErrorCode()) {
                report.append(", error code 0x").append(Long.toHexString(errorCode));
            }
        } catch (BadGuestAddressException e) {
            report.append(" (exception frame unreadable: rsp 0x").append(Long.toHexString(regs.rsp())).append(")");
        }
        return new GuestExit.Fault(kind.signal(), report.toString());
    }

    /** A triple fault or an exit no program asks for: reported as SIGSEGV, as Linux would kill it. */
    static GuestExit unexpected(KvmVcpu vcpu, VcpuExit exit) {
        KvmRegs regs = vcpu.regs();
        String what = exit instanceof VcpuExit.Shutdown ? "guest fault: triple fault" : "guest stopped unexpectedly";
        return new GuestExit.Fault(Signals.SIGSEGV, what + " (" + exit.describe() + ") at rip 0x"
                + Long.toHexString(regs.rip()));
    }

    private static String pageFaultCause(long errorCode) {
        return ((errorCode & 16) != 0 ? "instruction fetch" : (errorCode & 2) != 0 ? "write" : "read")
                + ((errorCode & 1) != 0 ? ", protection" : ", not mapped");
    }
}
