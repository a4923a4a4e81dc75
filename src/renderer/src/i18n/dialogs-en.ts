/**
 * English text of the dialogs (Contracts, Settings, About, confirmations),
 * the toasts and table export; en.ts takes these in. Each desk setting's
 * label and help sit under `setting.<key>`, the key as src/shared/settings.ts declares it.
 */
export const dialogsEn = {
  dialog: { close: 'Close' },
  export: {
    csv: 'Export CSV',
    hint: 'Save the {table} table as a CSV file',
  },
  product: { FUTURES: 'Futures', EQUITY: 'Equity', SPOT: 'Spot', OPTION: 'Option', INDEX: 'Index' },
  contracts: {
    title: 'Contracts',
    search: 'Search',
    placeholder: 'Code or name: btc, 茅台',
    count: '{shown} of {total} instruments',
    hint: 'Enter or double-click picks the instrument for the ticket and the chart.',
  },
  settings: {
    title: 'Settings',
    loading: "Reading the desk's settings…",
    notSaved: 'This desk keeps no data folder: changes last until it stops.',
    fromFlag: 'Set on the command line ({flag}): restart without it to change it here.',
    changed: '{setting}: {from} → {to}, applied.',
    on: 'on',
    off: 'off',
    sound: 'Sound on notifications',
    displayHelp: 'These apply to this window only.',
    section: {
      risk: 'Risk',
      session: 'Per-session limits',
      strategy: 'Strategies',
      orders: 'Orders and confirmations',
      nats: 'Publish on NATS',
      display: 'Display',
    },
  },
  unit: {
    lots: 'lots',
    currency: "contract's currency",
    orders: 'orders',
    ordersPerSecond: 'orders / s',
    commandsPerSecond: 'commands / s',
    s: 's',
    days: 'days',
    MB: 'MB',
  },
  setting: {
    cancelOrdersOnQuit: {
      label: 'Cancel working orders on quit',
      help: 'When the desk closes (quitting the app, stopping the server), its working orders are cancelled first.',
    },
    risk: {
      active: {
        label: 'Pre-trade risk checks',
        help: 'Off sends every order straight to the gateway, which still applies its own rules.',
      },
      checkContract: {
        label: 'Refuse unknown instruments',
        help: 'Orders for instruments no gateway lists are refused.',
      },
      checkPrice: {
        label: 'Check limit prices',
        help: 'A limit price must be on the price tick and between limit down and limit up.',
      },
      checkVolume: {
        label: 'Check volumes',
        help: "A volume must be positive and a multiple of the contract's minimum volume.",
      },
      checkFunds: {
        label: 'Check funds',
        help: "An opening order must fit in the account's available funds (margin plus commission).",
      },
      checkPosition: {
        label: 'Check positions',
        help: 'A closing order must fit in the position not already held by working closes.',
      },
      maxOrderVolume: { label: 'Max order volume', help: 'Largest volume of one order; 0: no cap.' },
      maxOrderValue: {
        label: 'Max order value',
        help: "Largest price × volume × contract size of one order, in the contract's currency; 0: no cap.",
      },
      maxActiveOrders: {
        label: 'Max active orders',
        help: 'Working orders across the whole desk (every window, client and strategy); 0: no cap.',
      },
      maxOrdersPerSecond: {
        label: 'Max orders per second',
        help: 'Orders sent per second across the whole desk; 0: no cap.',
      },
    },
    session: {
      commandsPerSecond: {
        label: 'Commands per second',
        help: 'Commands one window or client may send per second (acknowledgements are free); 0: no limit.',
      },
      ordersPerSecond: {
        label: 'Orders per second',
        help: 'Orders one window or client may send per second; 0: no limit.',
      },
      maxWorkingOrders: {
        label: 'Working orders',
        help: 'Working orders one window or client may have at once; 0: no cap.',
      },
    },
    strategy: {
      busyLimit: {
        label: 'Longest run without a break',
        help: 'A strategy that runs this long without a break (one callback, a loop) is ended and stopped.',
      },
      initTimeout: {
        label: 'Longest initialisation',
        help: "A strategy's onInit that has not finished after this long (loading history included) fails its init.",
      },
    },
    confirm: {
      cancelAll: {
        label: 'Ask before Cancel all',
        help: 'Cancel all asks first, naming how many working orders it cancels.',
      },
      removeStrategy: { label: 'Ask before removing a strategy', help: 'Removing a strategy asks first, naming it.' },
    },
    nats: {
      publish: {
        label: 'Publish this desk on NATS',
        help: "Its events, its JetStream stream of orders, trades and logs, and other desks' commands.",
      },
      url: {
        label: 'Server URL',
        help: "nats://host:4222 or tls://host:4222; a login goes in as nats://user:password{'@'}host:4222 or nats://token{'@'}host:4222.",
      },
      desk: { label: 'Desk name', help: 'This desk on NATS: eventdesk.NAME.…; 1–64 letters, digits, _ or -.' },
      nkeySeedFile: { label: 'NKey seed file', help: 'A file holding an NKey seed to log in with; empty: none.' },
      caFile: {
        label: 'CA certificate',
        help: 'A CA certificate (PEM) to trust for tls:// servers; empty: the system CAs.',
      },
      streamDays: {
        label: 'Stream keeps',
        help: 'How long the stream keeps an order, trade or log for monitors that were away.',
      },
      streamMb: { label: 'Stream size', help: 'How large the stream may grow; the oldest go first.' },
    },
  },
  about: {
    title: 'About EventDesk',
    lead: 'EventDesk: a trading monitor built around a vnpy-style event engine.',
    version: 'Version',
    electron: 'Electron',
    chromium: 'Chromium',
    browser: 'Browser',
    node: 'Node.js',
    dataFolder: 'Data folder',
    inMemory: 'none: kept in memory until the desk stops',
    licence: 'Licence',
    credits: 'Charts by TradingView Lightweight Charts (Apache-2.0); tables by AG Grid Community (MIT).',
  },
  confirm: {
    cancelAllTitle: 'Cancel all working orders?',
    cancelAllMessage:
      'This cancels the one working order on this desk, whoever sent it. | This cancels all {count} working orders on this desk, whoever sent them: every window, client and strategy.',
    cancelOrders: 'Cancel {count} order | Cancel {count} orders',
    keepOrders: 'Keep them',
    removeTitle: 'Remove strategy?',
    removeMessage: '{name} and its parameters leave the desk; adding it again starts it afresh.',
    remove: 'Remove {name}',
    keep: 'Keep {name}',
  },
  notify: {
    region: 'Notifications',
    dismiss: 'Dismiss',
    // vue-i18n reads a bare @ as a linked message: {'@'} is the literal sign.
    filled: "Filled: {side} {volume} {symbol} {'@'} {price}",
    rejected: "Rejected: {side} {volume} {symbol} {'@'} {price}. {reason}",
    cancelled: "Cancelled: {side} {volume} {symbol} {'@'} {price}",
    traded: '({traded} traded)',
    strategyFills:
      '{name}: {count} fill, bought {long}, sold {short} ({symbols}) | {name}: {count} fills, bought {long}, sold {short} ({symbols})',
    strategyError: '{name} stopped with an error: {error}',
    noReason: 'no reason given',
  },
}
