/** Request fields several PKI endpoints share (subject attributes, names, validity, output format). */
import { field } from '../../../framework/fields.js'

export const subjectFields = {
  ou: field.commaList({ doc: 'OU (OrganizationalUnit) values of the subject.' }),
  organization: field.commaList({ doc: 'O (Organization) values of the subject.' }),
  country: field.commaList({ doc: 'C (Country) values of the subject.' }),
  locality: field.commaList({ doc: 'L (Locality) values of the subject.' }),
  province: field.commaList({ doc: 'ST (Province) values of the subject.' }),
  street_address: field.commaList({ doc: 'Street address values of the subject.' }),
  postal_code: field.commaList({ doc: 'Postal code values of the subject.' }),
}

export const nameFields = {
  common_name: field.string({ doc: 'CN of the certificate.' }),
  alt_names: field.string({ doc: 'Comma-separated DNS names and emails for the SANs.' }),
  ip_sans: field.commaList({ doc: 'IP SANs.' }),
  uri_sans: field.commaList({ doc: 'URI SANs.' }),
  other_sans: field.commaList({ doc: 'Other SANs (`oid;UTF8:value`); accepted, not written.' }),
  exclude_cn_from_sans: field.bool({ doc: 'Do not copy the CN into the DNS/email SANs.' }),
  ttl: field.durationSeconds({ doc: 'Validity.' }),
  not_after: field.string({ doc: 'Validity end, RFC 3339 (instead of ttl).' }),
  format: field.string({ doc: 'pem, der or pem_bundle.', default: 'pem' }),
  private_key_format: field.string({ doc: 'der (PKCS#1/SEC1) or pkcs8.', default: 'der' }),
}

export const keyFields = {
  key_type: field.string({ doc: 'rsa, ec or ed25519.', default: 'rsa' }),
  key_bits: field.int({ doc: 'Key size (0: 2048 for RSA, 256 for EC).' }),
  signature_bits: field.int({ doc: 'RSA signature hash size (256, 384, 512).' }),
  key_name: field.string({ doc: 'Name for the new key.' }),
}
