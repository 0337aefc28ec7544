// Which stored values may become a link to tap: the server's rule (server/schemas/links.py),
// checked again here because a device may hold rows saved before the server checked them.
// Only http(s) with a host, tel: and mailto:; printable ASCII without any space, since a
// browser drops blanks and controls inside an address ("java\tscript:" runs as javascript:).

const LABEL = '[a-z0-9]+(?:-+[a-z0-9]+)*';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
const TAIL = "[a-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*";
const LINK = new RegExp(`^(?:https?://${HOST}(?::[0-9]{1,5})?(?:[/?#]${TAIL})?`
  + '|tel:\\+?[0-9]+(?:[-.()]+[0-9]+)*'
  + `|mailto:[a-z0-9._%+-]+@${HOST}(?:\\?${TAIL})?)$`, 'i');
const PRINTABLE = /^[\x21-\x7e]*$/;
const MAX_LEN = 500;

// The value itself when it is a safe link, else null (show it as text, or not at all).
export function safeHref(value) {
  if (typeof value !== 'string' || value.length > MAX_LEN || !PRINTABLE.test(value)) return null;
  return LINK.test(value) ? value : null;
}
