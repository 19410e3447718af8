/**
 * The CMS (PKCS#7) SignedData of a PDF signature, detached, as PAdES baseline B-B asks (ETSI EN 319 142-1):
 * SubFilter `ETSI.CAdES.detached`, signed attributes content-type, message-digest and ESS signing-certificate-v2
 * (the signer's certificate bound into what is signed), no signing-time attribute (the time is the signature
 * dictionary's /M). Built with node-forge's ASN.1 encoder and signed with node's crypto (RSA PKCS#1 v1.5, SHA-256);
 * parsed back the same way for the verify page.
 */
import { createHash, sign as rsaSign, verify as rsaVerify, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;
type Node = forge.asn1.Asn1;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

const U = asn1.Class.UNIVERSAL;
const seq = (value: Node[]) => asn1.create(U, asn1.Type.SEQUENCE, true, value);
const set = (value: Node[]) => asn1.create(U, asn1.Type.SET, true, value);
const oid = (o: string) => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const octets = (b: Buffer) => asn1.create(U, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const int = (n: number) => asn1.create(U, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nul = () => asn1.create(U, asn1.Type.NULL, false, '');
const algorithm = (o: string) => seq([oid(o), nul()]);
export const toDer = (node: Node): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
export const fromDer = (b: Buffer): Node => asn1.fromDer(forge.util.createBuffer(b.toString('binary')), { parseAllBytes: false, strict: false } as unknown as boolean);

/** DER's SET OF: members in ascending order of their encodings. */
function derSet(members: Node[]): Buffer {
  const body = Buffer.concat(members.map(toDer).sort(Buffer.compare));
  return Buffer.concat([derHeader(0x31, body.length), body]);
}

function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
}

/** Issuer name and serial number nodes of a certificate (DER). */
function issuerAndSerial(certDer: Buffer): { issuer: Node; serial: Node } {
  const tbs = (fromDer(certDer).value as Node[])[0]!.value as Node[];
  const shift = tbs[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  return { serial: tbs[shift]!, issuer: tbs[shift + 2]! };
}

export interface CmsSignInput {
  /** The bytes the signature covers (the PDF less its /Contents). */
  data: Buffer;
  key: KeyObject;
  certificateDer: Buffer;
  /** Issuers' certificates to carry along. */
  chainDer: Buffer[];
}

export function signDetached(input: CmsSignInput): Buffer {
  const digest = createHash('sha256').update(input.data).digest();
  const certHash = createHash('sha256').update(input.certificateDer).digest();
  const attr = (type: string, value: Node) => seq([oid(type), set([value])]);
  // ESSCertIDv2 with the default hash algorithm (SHA-256) left out, as DER requires
  const signingCertificateV2 = seq([seq([seq([octets(certHash)])])]);
  const attributes = [attr(OID.contentType, oid(OID.data)), attr(OID.messageDigest, octets(digest)), attr(OID.signingCertificateV2, signingCertificateV2)];
  const signedAttrsDer = derSet(attributes);
  const signature = rsaSign('sha256', signedAttrsDer, input.key);
  const signedAttrsImplicit = Buffer.concat([Buffer.from([0xa0]), signedAttrsDer.subarray(1)]);
  const { issuer, serial } = issuerAndSerial(input.certificateDer);
  const signerInfo = seq([int(1), seq([issuer, serial]), algorithm(OID.sha256), fromDer(signedAttrsImplicit), algorithm(OID.rsaEncryption), octets(signature)]);
  const certificates = asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [input.certificateDer, ...input.chainDer].map(fromDer));
  const signedData = seq([int(1), set([algorithm(OID.sha256)]), seq([oid(OID.data)]), certificates, set([signerInfo])]);
  return toDer(seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])]));
}

export interface CmsCheck {
  /** The signer's certificate, when the CMS carries it. */
  certificate: X509Certificate | null;
  /** Other certificates carried (issuers). */
  chain: X509Certificate[];
  /** The message digest matches the covered bytes. */
  digestMatches: boolean;
  /** The signature over the signed attributes verifies with the certificate's key. */
  signatureValid: boolean;
  /** The signing-time attribute, when present (PAdES puts the time in /M instead). */
  signingTime: Date | null;
}

/** Checks a detached CMS signature over `data`; throws on a structure that is not CMS SignedData. */
export function checkDetached(cms: Buffer, data: Buffer): CmsCheck {
  const root = fromDer(cms).value as Node[];
  if (asn1.derToOid(root[0]!.value as string) !== OID.signedData) throw new Error('not CMS SignedData');
  const signedData = ((root[1]!.value as Node[])[0]!.value as Node[]);
  const certNode = signedData.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const certs = ((certNode?.value as Node[] | undefined) ?? []).map((c) => new X509Certificate(toDer(c)));
  const signerInfos = signedData[signedData.length - 1]!.value as Node[];
  const si = signerInfos[0]!.value as Node[];
  const sidSerial = Buffer.from(((si[1]!.value as Node[])[1]!.value as string), 'binary').toString('hex').replace(/^0+/, '').toUpperCase();
  const certificate = certs.find((c) => c.serialNumber.replace(/^0+/, '').toUpperCase() === sidSerial) ?? null;
  const attrsNode = si.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
  const signature = Buffer.from(si[si.length - 1]!.value as string, 'binary');
  let digestMatches = false;
  let signatureValid = false;
  let signingTime: Date | null = null;
  if (attrsNode) {
    const attrsDer = toDer(attrsNode);
    attrsDer[0] = 0x31;
    for (const a of attrsNode.value as Node[]) {
      const [type, values] = a.value as Node[];
      const typeOid = asn1.derToOid(type!.value as string);
      const first = (values!.value as Node[])[0]!;
      if (typeOid === OID.messageDigest) {
        const given = Buffer.from(first.value as string, 'binary');
        digestMatches = given.equals(createHash('sha256').update(data).digest());
      } else if (typeOid === OID.signingTime) {
        signingTime = first.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(first.value as string) : asn1.generalizedTimeToDate(first.value as string);
      }
    }
    if (certificate) {
      try {
        signatureValid = rsaVerify('sha256', attrsDer, certificate.publicKey, signature);
      } catch {
        signatureValid = false;
      }
    }
  }
  return { certificate, chain: certs.filter((c) => c !== certificate), digestMatches, signatureValid, signingTime };
}
