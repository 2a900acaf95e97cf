package borgcell.trust;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Who a caller is: a role and a name, as the cell's CA wrote them into its certificate
 * (subject {@code O=borg-cell, OU=<role>, CN=<name>}). {@code user:alice}, {@code machine:m1}.
 */
public record Identity(Role role, String name) {
    /** What every certificate the cell issues says it belongs to. */
    public static final String ORGANIZATION = "borg-cell";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,62}");

    public Identity {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("identity name: must be 1-63 of A-Z a-z 0-9 . _ @ -, starting with a letter"
                    + " or digit (got \"" + name + "\")");
        }
    }

    public static Identity user(String name) {
        return new Identity(Role.USER, name);
    }

    public static Identity admin(String name) {
        return new Identity(Role.ADMIN, name);
    }

    public static Identity machine(String machineId) {
        return new Identity(Role.MACHINE, machineId);
    }

    public static Identity replica(String replicaId) {
        return new Identity(Role.REPLICA, replicaId);
    }

    /** The subject the CA writes for this identity. */
    X500Name subject() {
        return new X500Name("O=" + ORGANIZATION + ",OU=" + role.label() + ",CN=" + name);
    }

    /**
     * The identity a certificate of the cell names. Only the subject is read here: that the
     * certificate chains to the cell's CA is the TLS handshake's business, done before.
     *
     * @throws UntrustedException when the subject is not one the cell's CA writes
     */
    public static Identity of(X509Certificate certificate) {
        X500Principal principal = certificate.getSubjectX500Principal();
        X500Name subject = X500Name.getInstance(principal.getEncoded());
        String organization = single(subject, BCStyle.O);
        String unit = single(subject, BCStyle.OU);
        String name = single(subject, BCStyle.CN);
        if (!ORGANIZATION.equals(organization) || unit == null || name == null) {
            throw new UntrustedException("certificate subject \"" + principal.getName() + "\" is not one of this cell's"
                    + " (O=" + ORGANIZATION + ", OU=role, CN=name)");
        }
        Role role = Role.ofLabel(unit).orElseThrow(() -> new UntrustedException("certificate subject \""
                + principal.getName() + "\" names no role of the cell (OU=" + unit + ")"));
        try {
            return new Identity(role, name);
        } catch (IllegalArgumentException e) {
            throw new UntrustedException("certificate subject \"" + principal.getName() + "\": " + e.getMessage());
        }
    }

    private static String single(X500Name subject, org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
        RDN[] rdns = subject.getRDNs(type);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return null;
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return IETFUtils.valueToString(value);
    }

    /** {@code user:alice}: how logs, audit records and refusals name the caller. */
    @Override
    public String toString() {
        return role.label() + ":" + name;
    }

    /** A certificate the cell did not issue, or one that names no identity of the cell. */
    public static final class UntrustedException extends RuntimeException {
        public UntrustedException(String message) {
            super(message);
        }
    }
}
