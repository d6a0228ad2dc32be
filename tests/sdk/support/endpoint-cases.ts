/**
 * One case per client method: the call, the exact request it must send in JSON and in XML (token in the body),
 * a documented-shape reply in both formats, and the typed result that reply must decode to.
 */

import type { AltcraftClient } from "../../../sdk";
import { DOC_TOKEN } from "./fixtures";
import { OK_BODY, jsonEnvelope, xmlReply, type Reply } from "./scripted-server";

/** One method's wire contract. */
export interface EndpointCase {
  title: string;
  /** The documented path below the host. */
  path: string;
  call: (client: AltcraftClient) => Promise<unknown>;
  /** The JSON body without the token; the body-placement form prepends `"token":…,`. */
  jsonParams: string;
  /** The XML children without the token element, one element per line as the docs lay them out. */
  xmlParams: string;
  jsonReply: Reply;
  xmlReply: Reply;
  /** The decoded result; call metadata (requestId, duplicate, attempts) is checked apart. */
  result: unknown;
  /** True when the result is call metadata (plus data for clone). */
  returnsMeta: boolean;
}

const XML_OK = "<data/><error>0</error><error_text>Successful operation</error_text>";
const JSON_OK: Reply = { status: 200, headers: { "Content-Type": "application/json" }, body: OK_BODY };

/** JSON body with the token placed first, as the docs show. */
export function jsonBodyWithToken(jsonParams: string): string {
  return jsonParams === "{}" ? `{"token":"${DOC_TOKEN}"}` : `{"token":"${DOC_TOKEN}",${jsonParams.slice(1)}`;
}

/** XML body with the token placed first, one element per line; an empty document is written `<xml/>`. */
export function xmlBody(xmlParams: string, withToken: boolean): string {
  const children = [withToken ? `<token>${DOC_TOKEN}</token>` : "", xmlParams].filter((part) => part !== "");
  return children.length === 0 ? "<xml/>" : ["<xml>", ...children, "</xml>"].join("\n");
}

const MAILING_JSON = {
  id: 82,
  name: "Spring sale",
  descr: "Seasonal offer",
  type: "regular",
  updated_user: "admin",
  update_time: "2024-05-20T09:17:53.362Z",
  is_active: true,
  is_completed: false,
  status: "Active",
  data_id: 5,
  data_type: "list",
  content: [{ subject: "Hello", from_email: "news@example.com", from_name: "News", replyto_email: "r@example.com", replyto_name: "R", message_id: 901 }],
  resource_id: 3,
  channel: "email",
  subid: "spring",
  for_confirm: false,
  providers: ["google"],
};

const MAILING_RESULT = {
  id: 82,
  name: "Spring sale",
  description: "Seasonal offer",
  type: "regular",
  updatedUser: "admin",
  updateTime: "2024-05-20T09:17:53.362Z",
  isActive: true,
  isCompleted: false,
  status: "Active",
  dataId: 5,
  dataType: "list",
  content: [{ subject: "Hello", fromEmail: "news@example.com", fromName: "News", replytoEmail: "r@example.com", replytoName: "R", messageId: 901 }],
  resourceId: 3,
  channel: "email",
  subid: "spring",
  forConfirm: false,
};

/** Every method of `client.mailings`, with its documented path. */
export const ENDPOINT_CASES: EndpointCase[] = [
  {
    title: "activate (the docs' canonical example)",
    path: "/api/v1.1/campaigns/activate/",
    call: (c) => c.mailings.activate({ id: 82, overrideSourceId: 1, overrideSourceType: "list", runNow: true }),
    jsonParams: '{"id":82,"override_source_id":1,"override_source_type":"list","run_now":true}',
    xmlParams: "<id>82</id>\n<override_source_id>1</override_source_id>\n<override_source_type>list</override_source_type>\n<run_now>true</run_now>",
    jsonReply: JSON_OK,
    xmlReply: xmlReply(XML_OK),
    result: undefined,
    returnsMeta: true,
  },
  {
    title: "activate with every parameter",
    path: "/api/v1.1/campaigns/activate/",
    call: (c) =>
      c.mailings.activate({
        runNow: true,
        content: { H1: "Weather alert", n: 2, urgent: true },
        overrideLimit: 300,
        overrideSourceType: "segment",
        overrideSourceId: 2550,
        id: 4727,
        attach: [{ file: "f-1" }],
      }),
    jsonParams:
      '{"id":4727,"override_source_id":2550,"override_source_type":"segment","override_limit":300,"run_now":true,' +
      '"content":{"H1":"Weather alert","n":2,"urgent":true},"attach":[{"file":"f-1"}]}',
    xmlParams:
      "<id>4727</id>\n<override_source_id>2550</override_source_id>\n<override_source_type>segment</override_source_type>\n" +
      "<override_limit>300</override_limit>\n<run_now>true</run_now>\n<content>\n<H1>Weather alert</H1>\n<n>2</n>\n<urgent>true</urgent>\n</content>\n" +
      "<attach>\n<file>f-1</file>\n</attach>",
    jsonReply: JSON_OK,
    xmlReply: xmlReply(XML_OK),
    result: undefined,
    returnsMeta: true,
  },
  {
    title: "deactivate",
    path: "/api/v1.1/campaigns/deactivate",
    call: (c) => c.mailings.deactivate({ id: 15, abortIfRunning: true }),
    jsonParams: '{"id":15,"abort_if_running":true}',
    xmlParams: "<id>15</id>\n<abort_if_running>true</abort_if_running>",
    jsonReply: JSON_OK,
    xmlReply: xmlReply(XML_OK),
    result: undefined,
    returnsMeta: true,
  },
  {
    title: "getStatus",
    path: "/api/v1.1/campaigns/get_status",
    call: (c) => c.mailings.getStatus({ id: 7 }),
    jsonParams: '{"id":7}',
    xmlParams: "<id>7</id>",
    jsonReply: jsonEnvelope({ is_active: false, is_completed: false, status: "Inactive" }),
    xmlReply: xmlReply("<data><is_active>false</is_active><is_completed>false</is_completed><status>Inactive</status></data><error>0</error><error_text>Successful operation</error_text>"),
    result: { isActive: false, isCompleted: false, status: "Inactive" },
    returnsMeta: false,
  },
  {
    title: "get",
    path: "/api/v1.1/campaigns/get",
    call: (c) => c.mailings.get({ id: 82 }),
    jsonParams: '{"id":82}',
    xmlParams: "<id>82</id>",
    jsonReply: jsonEnvelope(MAILING_JSON),
    xmlReply: xmlReply(
      "<data><id>82</id><name>Spring sale</name><descr>Seasonal offer</descr><type>regular</type><updated_user>admin</updated_user>" +
        "<update_time>2024-05-20T09:17:53.362Z</update_time><is_active>true</is_active><is_completed>false</is_completed><status>Active</status>" +
        "<data_id>5</data_id><data_type>list</data_type><content><subject>Hello</subject><from_email>news@example.com</from_email>" +
        "<from_name>News</from_name><replyto_email>r@example.com</replyto_email><replyto_name>R</replyto_name><message_id>901</message_id></content>" +
        "<resource_id>3</resource_id><channel>email</channel><subid>spring</subid><for_confirm>false</for_confirm><providers>google</providers></data>" +
        "<error>0</error><error_text>Successful operation</error_text>",
    ),
    result: MAILING_RESULT,
    returnsMeta: false,
  },
  {
    title: "list with every filter",
    path: "/api/v1.1/campaigns/list",
    call: (c) =>
      c.mailings.list({ groupsId: [3, 4], groups: ["Marketing"], uiTags: ["spring", "sale"], isActive: true, type: "trigger", limit: 2, fromId: 10 }),
    jsonParams: '{"from_id":10,"limit":2,"type":"trigger","is_active":true,"ui_tags":["spring","sale"],"groups":["Marketing"],"groups_id":[3,4]}',
    xmlParams:
      "<from_id>10</from_id>\n<limit>2</limit>\n<type>trigger</type>\n<is_active>true</is_active>\n<ui_tags>spring</ui_tags>\n<ui_tags>sale</ui_tags>\n" +
      "<groups>Marketing</groups>\n<groups_id>3</groups_id>\n<groups_id>4</groups_id>",
    jsonReply: jsonEnvelope(
      [
        { id: 10, name: "Welcome", type: "trigger", is_active: true, subid: "w", for_confirm: true, ui_tags: ["spring", "sale"], groups: [{ id: 3, name: "Marketing" }] },
        { Id: 12, Name: "Reminder", type: "trigger", is_active: true, ui_tags: [], Groups: [{ Id: 4, Name: "Sales" }] },
      ],
      0,
      "Successful operation",
      { total_count: 5, next_from_id: 13 },
    ),
    xmlReply: xmlReply(
      "<data><id>10</id><name>Welcome</name><type>trigger</type><is_active>true</is_active><subid>w</subid><for_confirm>true</for_confirm>" +
        "<ui_tags>spring</ui_tags><ui_tags>sale</ui_tags><groups><id>3</id><name>Marketing</name></groups></data>" +
        "<data><Id>12</Id><Name>Reminder</Name><type>trigger</type><is_active>1</is_active><ui_tags/><Groups><Id>4</Id><Name>Sales</Name></Groups></data>" +
        "<error>0</error><error_text>Successful operation</error_text><total_count>5</total_count><next_from_id>13</next_from_id>",
    ),
    result: {
      items: [
        { id: 10, name: "Welcome", type: "trigger", isActive: true, subid: "w", forConfirm: true, uiTags: ["spring", "sale"], groups: [{ id: 3, name: "Marketing" }] },
        { id: 12, name: "Reminder", type: "trigger", isActive: true, uiTags: [], groups: [{ id: 4, name: "Sales" }] },
      ],
      totalCount: 5,
      nextFromId: 13,
    },
    returnsMeta: false,
  },
  {
    title: "list with no parameters",
    path: "/api/v1.1/campaigns/list",
    call: (c) => c.mailings.list(),
    jsonParams: "{}",
    xmlParams: "",
    jsonReply: jsonEnvelope([], 0, "Successful operation", { total_count: 0 }),
    xmlReply: xmlReply("<data/><error>0</error><error_text>Successful operation</error_text><total_count>0</total_count>"),
    result: { items: [], totalCount: 0 },
    returnsMeta: false,
  },
  {
    title: "log",
    path: "/api/v1.1/campaigns/log_v2",
    call: (c) => c.mailings.log({ id: 82, fromTime: "2024-05-20T09:17:53Z", limit: 10 }),
    jsonParams: '{"id":82,"from_time":"2024-05-20T09:17:53Z","limit":10}',
    xmlParams: "<id>82</id>\n<from_time>2024-05-20T09:17:53Z</from_time>\n<limit>10</limit>",
    jsonReply: jsonEnvelope(
      [
        { level: "INFO", message: "Begin campaign", state: "start", time: "2024-05-20T09:18:00Z" },
        { level: "INFO", message: "Total time spent", state: "", time: "2024-05-20T09:18:01Z", value: "138.351985ms" },
      ],
      0,
      "Successful operation",
      { total_count: 2 },
    ),
    xmlReply: xmlReply(
      "<data><level>INFO</level><message>Begin campaign</message><state>start</state><time>2024-05-20T09:18:00Z</time></data>" +
        "<data><level>INFO</level><message>Total time spent</message><state/><time>2024-05-20T09:18:01Z</time><value>138.351985ms</value></data>" +
        "<error>0</error><error_text>Successful operation</error_text><total_count>2</total_count>",
    ),
    result: {
      entries: [
        { level: "INFO", message: "Begin campaign", state: "start", time: "2024-05-20T09:18:00Z" },
        { level: "INFO", message: "Total time spent", state: "", time: "2024-05-20T09:18:01Z", value: "138.351985ms" },
      ],
      totalCount: 2,
    },
    returnsMeta: false,
  },
  {
    title: "clone",
    path: "/api/v1.1/campaigns/clone",
    call: (c) => c.mailings.clone({ id: 82, name: "Copy of spring" }),
    jsonParams: '{"id":82,"name":"Copy of spring"}',
    xmlParams: "<id>82</id>\n<name>Copy of spring</name>",
    jsonReply: jsonEnvelope({ saved_id: 83 }),
    xmlReply: xmlReply("<data><saved_id>83</saved_id></data><error>0</error><error_text>Successful operation</error_text>"),
    result: { savedId: 83 },
    returnsMeta: true,
  },
  {
    title: "delete (experimental)",
    path: "/api/v1.1/campaigns/delete",
    call: (c) => c.mailings.delete({ id: 82 }),
    jsonParams: '{"id":82}',
    xmlParams: "<id>82</id>",
    jsonReply: JSON_OK,
    xmlReply: xmlReply(XML_OK),
    result: undefined,
    returnsMeta: true,
  },
];
