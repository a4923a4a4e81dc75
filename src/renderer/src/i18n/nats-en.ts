/**
 * English text of the NATS parts of the window: the Settings dialog's
 * "Publish on NATS" group and the Connect remote desk dialog; en.ts takes
 * these in. The settings' own labels sit with the others under `setting.nats`.
 */
export const natsEn = {
  natsSettings: {
    lead: 'Other desks and monitors on the same NATS server can mirror this one. Changes apply at once when you press Apply.',
    apply: 'Apply',
    appliedOn: 'Applied: the desk is published with these settings.',
    appliedOff: 'Applied: the desk is not published.',
    secretKept:
      'The password or token is hidden (•••); leave it as shown to keep it. Another server needs it typed again.',
    url: 'Must look like nats://host:4222 or tls://host:4222',
    urlScheme: 'Must start with nats:// or tls://',
    desk: 'Must be 1–64 letters, digits, _ or -',
    required: 'Required to publish',
  },
  /** The Gateway menu's "Connect remote desk" dialog. */
  remoteDesk: {
    menu: 'Connect remote desk…',
    title: 'Connect remote desk',
    url: 'Server URL',
    urlHint: 'The NATS server the remote desk publishes on: nats://host:4222 or tls://host:4222',
    desk: 'Desk name',
    deskHint: 'The name the remote desk publishes under; it becomes the gateway name here',
    login: 'Login',
    loginNone: 'None',
    loginUser: 'User and password',
    loginToken: 'Token',
    loginNkey: 'NKey seed file',
    user: 'User',
    password: 'Password',
    token: 'Token',
    nkeySeedFile: 'NKey seed file',
    nkeySeedFileHint: "A file on the desk's machine holding the NKey seed to log in with",
    caFile: 'CA certificate',
    caFileHint: "A CA certificate (PEM) on the desk's machine to trust for tls://; empty: the system's CAs",
    submit: 'Connect',
    cancel: 'Cancel',
    mirrored: 'Desks mirrored here',
    none: 'No remote desk is mirrored here.',
    remembered: 'connected again at the next start',
    notRemembered: 'until the desk closes',
    remove: 'Remove {desk}',
    required: 'Required',
    url_: 'Must look like nats://host:4222 or tls://host:4222',
    urlScheme: 'Must start with nats:// or tls://',
    urlCredentials: 'Put the login in its own fields, not in the URL',
    deskName: 'Must be 1–64 letters, digits, _ or -',
    tooLong: 'Must be at most 256 characters',
    pathTooLong: 'Must be at most 1024 characters',
  },
}
