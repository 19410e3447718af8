/**
 * Configuration files for the Janus that GiaoBan runs itself (see janus-supervisor.ts).
 *
 * Everything here is pure: the caller lists the module folders and passes the file names in, so the output depends
 * only on the options and can be unit-tested without Janus installed. The option names follow the Janus 1.1 samples
 * shipped in /etc/janus/ (conf/*.jcfg.sample.in upstream).
 */
import path from 'node:path';
import { z } from 'zod';

/** Where the Debian/Ubuntu `janus` package installs its loadable modules. */
export const DEBIAN_JANUS_LIB_DIR = '/usr/lib/x86_64-linux-gnu/janus';

/** The only plugin GiaoBan uses; every other plugin is disabled so that no demo endpoint is reachable. */
export const VIDEOROOM_PLUGIN_FILE = 'libjanus_videoroom.so';

/** Transports we configure (both bound to 127.0.0.1); MQTT, RabbitMQ, Nanomsg and Unix sockets stay off. */
export const ENABLED_TRANSPORT_FILES: readonly string[] = ['libjanus_websockets.so', 'libjanus_http.so'];

/** File names written by {@link generateJanusConfig}, relative to the configs folder. */
export const JANUS_CONFIG_FILES = {
  core: 'janus.jcfg',
  websockets: 'janus.transport.websockets.jcfg',
  http: 'janus.transport.http.jcfg',
  videoroom: 'janus.plugin.videoroom.jcfg',
} as const;

/** Module folders Janus loads from; the four kinds of .so Janus knows about. */
export interface JanusModuleFolders {
  plugins: string;
  transports: string;
  events: string;
  loggers: string;
}

/** The Debian package's module folders. */
export const debianJanusModuleFolders: JanusModuleFolders = {
  plugins: path.join(DEBIAN_JANUS_LIB_DIR, 'plugins'),
  transports: path.join(DEBIAN_JANUS_LIB_DIR, 'transports'),
  events: path.join(DEBIAN_JANUS_LIB_DIR, 'events'),
  loggers: path.join(DEBIAN_JANUS_LIB_DIR, 'loggers'),
};

const absolutePath = z.string().refine((p) => path.isAbsolute(p), 'must be an absolute path');
const port = z.number().int().min(1).max(65535);
/**
 * Secrets end up inside quoted jcfg strings and in JSON requests; restricting them to base64url characters means no
 * quoting bug can ever break the config or leak part of a secret into a neighbouring setting.
 */
const secret = z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 base64url characters');
const fileNames = z.array(z.string().min(1));

const janusConfigOptionsSchema = z
  .object({
    /** Folder the files are written to; Janus reads plugin/transport configs from here. */
    configsFolder: absolutePath,
    moduleFolders: z
      .object({ plugins: absolutePath, transports: absolutePath, events: absolutePath, loggers: absolutePath })
      .default(debianJanusModuleFolders),
    /**
     * File names currently present in each module folder (a plain directory listing; non-.so names are ignored).
     * Janus has no "enable only" switch, just `disable = "a.so,b.so"`, so we must name every module we do not want.
     * Required on purpose: without it every demo plugin would load.
     */
    presentModules: z.object({ plugins: fileNames, transports: fileNames, events: fileNames, loggers: fileNames }),
    apiSecret: secret,
    adminSecret: secret,
    adminKey: secret,
    wsPort: port,
    httpPort: port,
    adminWsPort: port,
    adminHttpPort: port,
    rtpPortRange: z
      .tuple([port, port])
      .refine(([min, max]) => min < max, 'rtpPortRange must be [min, max] with min < max'),
    /**
     * The Janus API on this UNIX socket only, instead of TCP: no port answers anyone (not even `info`, which Janus
     * answers without the api secret) and only the server's own user reaches it (the socket's folder is 0700).
     * The admin API and the HTTP transport are then off: the server uses neither.
     */
    apiSocket: absolutePath.refine((p) => Buffer.byteLength(p) < 100, 'a UNIX socket path must be shorter than 100 bytes').optional(),
    /** Janus log verbosity 0-7; 4 (info) is Janus's own default. At 5+ Janus prints its whole config, secrets included. */
    debugLevel: z.number().int().min(0).max(7).default(4),
    sessionTimeoutS: z.number().int().min(0).default(60),
    /**
     * How long a session outlives the connection of its owner: a restarted GiaoBan server `claim`s its session
     * within this time and takes over rooms and handles, so no media renegotiates.
     */
    reclaimSessionTimeoutS: z.number().int().min(0).default(60),
    /**
     * Janus behind NAT (R7.1): the public address(es) it puts in its candidates instead of its own (`nat_1_1_mapping`),
     * and whether to offer the private one too (`keep_private_host`, for participants on the same LAN).
     */
    nat11Mapping: z.array(z.union([z.ipv4(), z.ipv6()])).default([]),
    keepPrivateHost: z.boolean().default(false),
    /** A STUN server (`host:port`) Janus learns its public address from. Needs full ICE: ICE-lite is then off. */
    stunServer: z
      .string()
      .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/)
      .optional(),
  })
  .superRefine((o, ctx) => {
    const ports = [o.wsPort, o.httpPort, o.adminWsPort, o.adminHttpPort];
    if (new Set(ports).size !== ports.length) {
      ctx.addIssue({ code: 'custom', path: ['wsPort'], message: 'wsPort, httpPort, adminWsPort and adminHttpPort must differ' });
    }
    const [min, max] = o.rtpPortRange;
    if (ports.some((p) => p >= min && p <= max)) {
      ctx.addIssue({ code: 'custom', path: ['rtpPortRange'], message: 'rtpPortRange must not contain the API ports' });
    }
  });

/** Input of {@link generateJanusConfig}; see the schema for defaults. */
export type JanusConfigOptions = z.input<typeof janusConfigOptionsSchema>;

/** Map from file name (relative to the configs folder) to file content. */
export type JanusConfigFiles = Record<string, string>;

/**
 * Quote a value as a libconfig string. Janus parses .jcfg with libconfig, whose strings understand C-style escapes;
 * control characters are refused rather than escaped because no legitimate path or secret contains them.
 */
function str(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error('control characters are not allowed in Janus config values');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Names Janus would load from a folder: it only dlopen()s entries ending in ".so" (versioned .so.1 links are skipped). */
function loadable(files: readonly string[]): string[] {
  return [...new Set(files.filter((f) => f.endsWith('.so')))].sort();
}

/** Value of a `disable` directive: comma separated file names, compared by Janus with strcmp after trimming. */
function disableList(present: readonly string[], keep: readonly string[]): string {
  return str(loadable(present).filter((f) => !keep.includes(f)).join(','));
}

/**
 * The `nat` section. On one machine or a LAN, or with a public address (possibly mapped 1:1 by `nat_1_1_mapping`),
 * Janus is reachable at the address it announces, so ICE-lite suffices: browsers always initiate the checks. With a
 * STUN server Janus is behind a NAT it must discover and open from the inside: a lite agent never sends checks, so
 * full ICE is needed (docs/ARCHITECTURE.md, "NAT traversal").
 */
function natSection(o: { nat11Mapping: string[]; keepPrivateHost: boolean; stunServer?: string | undefined }): string {
  const lines: string[] = [];
  if (o.stunServer) {
    const [host, port] = o.stunServer.split(':');
    lines.push('\t# Behind a NAT found with STUN: full ICE, so that Janus sends connectivity checks of its own.');
    lines.push('\tice_lite = false', `\tstun_server = ${str(host!)}`, `\tstun_port = ${Number(port)}`);
  } else {
    lines.push('\t# Janus answers browsers that always initiate ICE, so the lighter ICE-lite mode is enough.');
    lines.push('\tice_lite = true');
  }
  if (o.nat11Mapping.length > 0) {
    lines.push('\t# The public address(es) a 1:1 NAT maps to this host: announced in Janus\'s candidates.');
    lines.push(`\tnat_1_1_mapping = ${str(o.nat11Mapping.join(','))}`);
    lines.push(`\tkeep_private_host = ${o.keepPrivateHost}`);
  }
  lines.push('\t# mDNS (.local) candidates from browsers cannot be resolved on a server anyway.');
  lines.push('\tignore_mdns = true', '\tnice_debug = false');
  return lines.join('\n');
}

const HEADER = '# Generated by GiaoBan (server/media/janus-config.ts) at every start; edits are overwritten.\n';

/**
 * Produce the .jcfg files for GiaoBan's embedded Janus. Throws a ZodError on invalid options.
 *
 * The files contain the API secret, admin secret and videoroom admin key: write them with mode 0600 and never log them.
 */
export function generateJanusConfig(options: JanusConfigOptions): JanusConfigFiles {
  const o = janusConfigOptionsSchema.parse(options);
  const m = o.moduleFolders;
  const p = o.presentModules;

  const core = `${HEADER}
general: {
	configs_folder = ${str(o.configsFolder)}
	plugins_folder = ${str(m.plugins)}
	transports_folder = ${str(m.transports)}
	events_folder = ${str(m.events)}
	loggers_folder = ${str(m.loggers)}

	# Output goes to janus.log beside this folder (the supervisor points stdout there): Janus outlives the server.
	log_to_stdout = true
	debug_level = ${o.debugLevel}
	debug_timestamps = false
	debug_colors = false

	# Every Janus API request (except info/ping) must carry this; only the GiaoBan server knows it.
	api_secret = ${str(o.apiSecret)}
	admin_secret = ${str(o.adminSecret)}

	server_name = "giaoban"
	session_timeout = ${o.sessionTimeoutS}
	# A session whose WebSocket closed (the server was restarted) waits this long to be claimed back.
	reclaim_session_timeout = ${o.reclaimSessionTimeoutS}
	# Do not advertise library versions through the info request.
	hide_dependencies = true

	# Recordings and captures may never be written to system folders. Unlike the Debian sample, /var is not listed:
	# an installed GiaoBan keeps its data (and any recordings) under /var/lib.
	protected_folders = [
		"/bin", "/boot", "/dev", "/etc", "/initrd", "/lib", "/lib32", "/lib64",
		"/proc", "/sbin", "/sys", "/usr"
	]
}

media: {
	rtp_port_range = "${o.rtpPortRange[0]}-${o.rtpPortRange[1]}"
}

nat: {
${natSection(o)}
}

plugins: {
	disable = ${disableList(p.plugins, [VIDEOROOM_PLUGIN_FILE])}
}

transports: {
	disable = ${disableList(p.transports, o.apiSocket ? ENABLED_TRANSPORT_FILES.filter((f) => f !== 'libjanus_http.so') : ENABLED_TRANSPORT_FILES)}
}

events: {
	broadcast = false
	disable = ${disableList(p.events, [])}
}

loggers: {
	disable = ${disableList(p.loggers, [])}
}
`;

  const websockets = o.apiSocket
    ? `${HEADER}
general: {
	json = "plain"
	# Only the GiaoBan server talks to Janus: a UNIX socket in a folder only its user may enter, no TCP port.
	ws = true
	ws_unix = ${str(o.apiSocket)}
	wss = false
}

admin: {
	admin_ws = false
	admin_wss = false
}
`
    : `${HEADER}
general: {
	json = "plain"
	ws = true
	ws_port = ${o.wsPort}
	# Loopback only: browsers never talk to Janus directly, the GiaoBan server relays signalling.
	ws_ip = "127.0.0.1"
	wss = false
}

admin: {
	admin_ws = true
	admin_ws_port = ${o.adminWsPort}
	admin_ws_ip = "127.0.0.1"
	admin_wss = false
}
`;

  const http = `${HEADER}
general: {
	json = "plain"
	base_path = "/janus"
	http = ${o.apiSocket ? 'false' : 'true'}
	port = ${o.httpPort}
	# Without an explicit ip the HTTP transport binds every IPv4 and IPv6 address.
	ip = "127.0.0.1"
	https = false
}

admin: {
	admin_base_path = "/admin"
	admin_http = ${o.apiSocket ? 'false' : 'true'}
	admin_port = ${o.adminHttpPort}
	admin_ip = "127.0.0.1"
	admin_https = false
}
`;

  // No room-<id> sections on purpose: the sample's demo rooms (1234, 5678) must not exist. Rooms are created through
  // the API by the server, which holds the admin key.
  const videoroom = `${HEADER}
general: {
	admin_key = ${str(o.adminKey)}
	lock_rtp_forward = true
	string_ids = true
}
`;

  return {
    [JANUS_CONFIG_FILES.core]: core,
    [JANUS_CONFIG_FILES.websockets]: websockets,
    [JANUS_CONFIG_FILES.http]: http,
    [JANUS_CONFIG_FILES.videoroom]: videoroom,
  };
}
