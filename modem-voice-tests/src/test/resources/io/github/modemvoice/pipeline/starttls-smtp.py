"""A real SMTP server that requires STARTTLS and then a login (aiosmtpd, Debian's
python3-aiosmtpd), for EmailNotifierStarttlsTest: GreenMail offers SMTPS but not STARTTLS.

usage: python3 starttls-smtp.py PORT CERT.pem KEY.pem USER PASSWORD OUTDIR
Prints READY when it accepts connections; writes each mail it accepts to OUTDIR/<n>.eml;
exits when its standard input closes.
"""
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, user, password, outdir = sys.argv[1:7]


class Keep:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        with open(os.path.join(outdir, "%d.eml" % self.count), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
          and auth_data.password.decode() == password)
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(Keep(), hostname="127.0.0.1", port=int(port), tls_context=context,
                        require_starttls=True, auth_required=True, auth_require_tls=True,
                        authenticator=authenticator)
controller.start()
print("READY", flush=True)
sys.stdin.read()
controller.stop()
