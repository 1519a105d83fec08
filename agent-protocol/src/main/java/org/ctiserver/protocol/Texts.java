package org.ctiserver.protocol;

import java.util.Map;

import org.ctiserver.core.engine.ErrorCode;
import org.ctiserver.protocol.message.Lang;
import org.ctiserver.protocol.message.ProtocolError;

/**
 * The texts the server sends people, one dictionary per language: error messages by code, and labels of
 * the usual not-ready reasons and dispositions (configured codes without a label here keep the engine's label).
 */
final class Texts {
    /** Placeholder for the field name in MISSING_FIELD and INVALID_FIELD. */
    private static final String FIELD = "{field}";

    private static final Map<String, String> ERRORS_ZH = Map.ofEntries(
            Map.entry(ErrorCode.UNKNOWN_AGENT.name(), "座席工号不存在"),
            Map.entry(ErrorCode.NOT_LOGGED_IN.name(), "座席尚未签入"),
            Map.entry(ErrorCode.ALREADY_LOGGED_IN.name(), "该座席已在其他地方签入"),
            Map.entry(ErrorCode.EXTENSION_IN_USE.name(), "该分机已被其他座席使用"),
            Map.entry(ErrorCode.ILLEGAL_TRANSITION.name(), "当前状态下不能执行此操作"),
            Map.entry(ErrorCode.NO_ACTIVE_CALL.name(), "当前没有通话"),
            Map.entry(ErrorCode.UNKNOWN_REASON.name(), "未知的示忙原因"),
            Map.entry(ErrorCode.UNKNOWN_DISPOSITION.name(), "未知的小结类型"),
            Map.entry(ErrorCode.INVALID_ARGUMENT.name(), "参数无效"),
            Map.entry(ErrorCode.ILLEGAL_CALL_STATE.name(), "当前通话状态下不能执行此操作"),
            Map.entry(ErrorCode.INVALID_TARGET.name(), "转接或咨询的目标无法接听"),
            Map.entry(ErrorCode.NOT_SUPPORTED.name(), "话机或系统不支持此操作"),
            Map.entry(ProtocolError.FORBIDDEN.name(), "您的角色无权执行此操作"),
            Map.entry(ProtocolError.NOT_IN_GROUP.name(), "该座席不在您管理的班组内"),
            Map.entry(ErrorCode.ENGINE_OVERLOADED.name(), "系统繁忙，请稍后重试"),
            Map.entry(ErrorCode.ENGINE_STOPPED.name(), "系统已停止服务"),
            Map.entry(ProtocolError.BAD_JSON.name(), "消息格式错误（不是有效的 JSON 对象）"),
            Map.entry(ProtocolError.UNKNOWN_TYPE.name(), "未知的消息类型"),
            Map.entry(ProtocolError.MISSING_FIELD.name(), "缺少字段：" + FIELD),
            Map.entry(ProtocolError.INVALID_FIELD.name(), "字段无效：" + FIELD),
            Map.entry(ProtocolError.NOT_AUTHENTICATED.name(), "请先签入"),
            Map.entry(ProtocolError.AUTH_FAILED.name(), "工号或密码错误"),
            Map.entry(ProtocolError.RATE_LIMITED.name(), "登录失败次数过多，请稍后再试"),
            Map.entry(ProtocolError.UNSUPPORTED_VERSION.name(), "不支持的协议版本"),
            Map.entry(ProtocolError.FRAME_TOO_LARGE.name(), "消息过大"),
            Map.entry(ProtocolError.TIMEOUT.name(), "系统响应超时，请重试"),
            Map.entry(ProtocolError.INTERNAL_ERROR.name(), "服务器内部错误"));

    private static final Map<String, String> ERRORS_EN = Map.ofEntries(
            Map.entry(ErrorCode.UNKNOWN_AGENT.name(), "Unknown agent ID"),
            Map.entry(ErrorCode.NOT_LOGGED_IN.name(), "The agent is not logged in"),
            Map.entry(ErrorCode.ALREADY_LOGGED_IN.name(), "This agent is already logged in elsewhere"),
            Map.entry(ErrorCode.EXTENSION_IN_USE.name(), "This extension is used by another agent"),
            Map.entry(ErrorCode.ILLEGAL_TRANSITION.name(), "Not possible in the current state"),
            Map.entry(ErrorCode.NO_ACTIVE_CALL.name(), "There is no active call"),
            Map.entry(ErrorCode.UNKNOWN_REASON.name(), "Unknown not-ready reason"),
            Map.entry(ErrorCode.UNKNOWN_DISPOSITION.name(), "Unknown disposition"),
            Map.entry(ErrorCode.INVALID_ARGUMENT.name(), "Invalid argument"),
            Map.entry(ErrorCode.ILLEGAL_CALL_STATE.name(), "Not possible in the call's current state"),
            Map.entry(ErrorCode.INVALID_TARGET.name(), "The transfer or consultation target cannot take the call"),
            Map.entry(ErrorCode.NOT_SUPPORTED.name(), "The phone or the system does not support this"),
            Map.entry(ProtocolError.FORBIDDEN.name(), "Your role does not allow this"),
            Map.entry(ProtocolError.NOT_IN_GROUP.name(), "This agent is not in your groups"),
            Map.entry(ErrorCode.ENGINE_OVERLOADED.name(), "The system is busy, please try again"),
            Map.entry(ErrorCode.ENGINE_STOPPED.name(), "The system is stopped"),
            Map.entry(ProtocolError.BAD_JSON.name(), "Malformed message (not a JSON object)"),
            Map.entry(ProtocolError.UNKNOWN_TYPE.name(), "Unknown message type"),
            Map.entry(ProtocolError.MISSING_FIELD.name(), "Missing field: " + FIELD),
            Map.entry(ProtocolError.INVALID_FIELD.name(), "Invalid field: " + FIELD),
            Map.entry(ProtocolError.NOT_AUTHENTICATED.name(), "Please log in first"),
            Map.entry(ProtocolError.AUTH_FAILED.name(), "Wrong agent ID or password"),
            Map.entry(ProtocolError.RATE_LIMITED.name(), "Too many failed logins, please try again later"),
            Map.entry(ProtocolError.UNSUPPORTED_VERSION.name(), "Unsupported protocol version"),
            Map.entry(ProtocolError.FRAME_TOO_LARGE.name(), "Message too large"),
            Map.entry(ProtocolError.TIMEOUT.name(), "The system did not answer in time, please try again"),
            Map.entry(ProtocolError.INTERNAL_ERROR.name(), "Internal server error"));

    /** Reason codes a configuration is likely to use; spelled variants map to the same words. */
    private static final Map<String, String> REASONS_ZH = Map.ofEntries(
            Map.entry("break", "休息"), Map.entry("meal", "就餐"), Map.entry("lunch", "就餐"),
            Map.entry("training", "培训"), Map.entry("meeting", "会议"), Map.entry("short-break", "小休"),
            Map.entry("short_break", "小休"), Map.entry("shortBreak", "小休"), Map.entry("RONA", "振铃未接"));
    private static final Map<String, String> REASONS_EN = Map.ofEntries(
            Map.entry("break", "Break"), Map.entry("meal", "Meal"), Map.entry("lunch", "Meal"),
            Map.entry("training", "Training"), Map.entry("meeting", "Meeting"), Map.entry("short-break", "Short break"),
            Map.entry("short_break", "Short break"), Map.entry("shortBreak", "Short break"),
            Map.entry("RONA", "Ring no answer"));
    private static final Map<String, String> DISPOSITIONS_ZH = Map.of(
            "inquiry", "咨询", "complaint", "投诉", "suggestion", "建议", "repair", "报修");
    private static final Map<String, String> DISPOSITIONS_EN = Map.of(
            "inquiry", "Inquiry", "complaint", "Complaint", "suggestion", "Suggestion", "repair", "Repair");

    private Texts() {
    }

    static String error(String lang, String code, String field) {
        Map<String, String> dict = Lang.EN.equals(lang) ? ERRORS_EN : ERRORS_ZH;
        String text = dict.getOrDefault(code, code);
        return text.replace(FIELD, field == null ? "" : field);
    }

    static String reason(String lang, String code, String fallback) {
        return (Lang.EN.equals(lang) ? REASONS_EN : REASONS_ZH).getOrDefault(code, fallback);
    }

    static String disposition(String lang, String code, String fallback) {
        return (Lang.EN.equals(lang) ? DISPOSITIONS_EN : DISPOSITIONS_ZH).getOrDefault(code, fallback);
    }

    /** True when every error code has a text in every language (checked by a test). */
    static boolean hasError(String lang, String code) {
        return (Lang.EN.equals(lang) ? ERRORS_EN : ERRORS_ZH).containsKey(code);
    }
}
