import { cacheDecorator } from '../python/cache-decorators.js';
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import { namedChildren, unparen } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'unbounded';

/** Imports that make a module part of a process that serves requests or jobs until it is stopped. */
const SERVER_MODULES = [
  'flask', 'fastapi', 'starlette', 'django.http', 'django.views', 'django.shortcuts', 'aiohttp.web', 'tornado', 'sanic',
  'bottle', 'falcon', 'pyramid', 'http.server', 'socketserver', 'xmlrpc.server', 'celery', 'rq', 'dramatiq',
  'kombu', 'pika', 'kafka', 'aiokafka', 'confluent_kafka', 'zmq', 'uvicorn', 'gunicorn', 'twisted', 'websockets',
  'apscheduler', 'schedule', 'grpc', 'litestar', 'quart', 'aiohttp',
];
/** Calls that run a server or an event loop until stopped. */
const SERVE_CALLS = /(?:^|\.)(?:serve_forever|run_forever|run_app|run_until_complete)$|^uvicorn\.run$|^(?:app|application|server)\.run$/;

const memo = new WeakMap<FileFacts, string | undefined>();

/** Why the module looks long-running (a server import or call, a `while True` loop), or undefined. */
function longRunningEvidence(facts: FileFacts): string | undefined {
  if (memo.has(facts)) return memo.get(facts);
  let evidence: string | undefined;
  for (const bindings of facts.module.bindings.values()) {
    for (const b of bindings) {
      if (b.kind !== 'import' || !b.qualified) continue;
      const m = SERVER_MODULES.find((s) => b.qualified === s || b.qualified!.startsWith(`${s}.`));
      if (m) evidence ??= `it imports \`${m}\``;
    }
  }
  if (!evidence) {
    for (const call of facts.tree.rootNode.descendantsOfType('call')) {
      const name = call ? facts.bindings.calleeQualifiedName(call) ?? call.childForFieldName('function')?.text : undefined;
      if (name && SERVE_CALLS.test(name)) {
        evidence = `it calls \`${name}()\``;
        break;
      }
    }
  }
  if (!evidence) {
    for (const loop of facts.tree.rootNode.descendantsOfType('while_statement')) {
      const condition = loop?.childForFieldName('condition');
      if (condition && unparen(condition).type === 'true' && !leaves(loop!)) {
        evidence = `it loops forever (\`while True\` at line ${loop!.startPosition.row + 1})`;
        break;
      }
    }
  }
  memo.set(facts, evidence);
  return evidence;
}

/** A `break` or `return` of the loop itself (nested loops and functions left out): it ends. */
function leaves(loop: Node): boolean {
  const stack: Node[] = [loop.childForFieldName('body')!];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'break_statement' || n.type === 'return_statement' || n.type === 'raise_statement') return true;
    for (const c of n.namedChildren) {
      if (c && !['for_statement', 'while_statement', 'function_definition', 'class_definition', 'lambda'].includes(c.type)) stack.push(c);
    }
  }
  return false;
}

/**
 * True when every argument the cache keys on takes a few values: no parameters (besides the
 * instance), or each one annotated `bool`, `Literal[...]` or an `Enum` class of the module.
 */
function finiteArguments(facts: FileFacts, fn: Node): boolean {
  const params = fn.childForFieldName('parameters');
  const selfName = facts.scopeFor(fn)?.selfName;
  for (const p of params ? namedChildren(params) : []) {
    if (p.type === 'positional_separator' || p.type === 'keyword_separator') continue;
    const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? namedChildren(p).find((c) => c.type === 'identifier');
    if (id?.text === selfName && p.id === namedChildren(params!)[0].id) continue;
    const annotation = p.childForFieldName('type');
    if (!annotation || !finiteType(facts, annotation)) return false;
  }
  return true;
}

function finiteType(facts: FileFacts, annotation: Node): boolean {
  const text = annotation.text.replace(/\s+/g, '');
  if (text === 'bool' || /^(?:typing\.)?Literal\[/.test(text)) return true;
  const cls = facts.module.bindings.get(text)?.[0]?.site;
  const bases = cls?.type === 'class_definition' ? cls.childForFieldName('superclasses')?.text ?? '' : '';
  return /\b(?:Enum|IntEnum|StrEnum|Flag|IntFlag)\b/.test(bases);
}

export default defineRule<MessageId>({
  id: 'HS201',
  name: 'unbounded-cache',
  tier: 2,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    unbounded:
      '`{{decorator}}` on `{{name}}` never evicts, and this module looks long-running ({{evidence}}): the cache grows with every distinct argument it sees',
  },
  docs: {
    summary: 'Unbounded `functools.cache` / `lru_cache(maxsize=None)` in a long-running process',
    what:
      'Checks for `@functools.cache` or `@functools.lru_cache(maxsize=None)` on a function whose arguments are not ' +
      'obviously a few values (it has parameters, and they are not all `bool`, `Literal[...]` or an `Enum`), in a ' +
      'module that looks long-running: it imports a web framework, a task queue or a server module, runs a server ' +
      'or event loop until stopped, or loops `while True`.',
    why:
      'An unbounded cache keeps every result it ever computed. In a script that ends this is the fastest cache ' +
      '(no eviction bookkeeping); in a server or a worker that sees new arguments all day (user ids, URLs, ' +
      'query strings) it is a memory leak that ends with the process killed, and a large dictionary also slows ' +
      'the garbage collector that walks it. A bounded `lru_cache` keeps the hot working set and costs a few ' +
      'hundred nanoseconds more per miss.',
    example: {
      bad: [
        'from functools import cache',
        '',
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        '',
        '@cache',
        'def render_profile(user_id):',
        '    return f"<h1>{user_id}</h1>"',
        '',
      ].join('\n'),
      good: [
        'from functools import lru_cache',
        '',
        'from flask import Flask',
        '',
        'app = Flask(__name__)',
        '',
        '',
        '@lru_cache(maxsize=4096)',
        'def render_profile(user_id):',
        '    return f"<h1>{user_id}</h1>"',
        '',
      ].join('\n'),
    },
    fix:
      'Bound it: `@functools.lru_cache(maxsize=N)` with N the working set (the runtime census of `hotspy run` ' +
      'measures it), and watch `f.cache_info()` for the hit ratio and size.',
    notes:
      'Scripts, libraries and command-line tools are not reported: nothing says they live long. Functions without ' +
      'parameters, or whose parameters are all `bool`, `Literal[...]` or an `Enum`, hold a few entries at most.',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        const decorator = cacheDecorator(ctx.facts, node);
        if (!decorator || decorator.maxsize !== null) return;
        if (finiteArguments(ctx.facts, node)) return;
        const evidence = longRunningEvidence(ctx.facts);
        if (!evidence) return;
        const name = node.childForFieldName('name')!;
        ctx.report({
          node: decorator.node,
          endNode: name,
          messageId: 'unbounded',
          data: { decorator: decorator.text, name: name.text, evidence },
          fix: { description: `Bound the cache of \`${name.text}\`: \`@functools.lru_cache(maxsize=N)\`` },
        });
      },
    };
  },
});
