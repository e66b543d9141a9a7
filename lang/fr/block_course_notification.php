<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * French strings of the course notifications block.
 *
 * @package    block_course_notification
 * @copyright  2026 block_course_notification contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['check:engine'] = 'Moteur des notifications de cours';
$string['check:engine:mismatch'] = 'L\'extension course_notification est en version {$a->found} ; ce plugin attend la version {$a->expected}.';
$string['check:engine:mismatch_details'] = 'L\'extension PHP et le plugin ne proviennent pas de la même version. Les notifications peuvent encore partir, mais recompilez l\'extension à partir des sources du plugin (ou installez la version du plugin correspondante) pour qu\'elles concordent. Trouvée : {$a->found}, attendue : {$a->expected}.';
$string['check:engine:missing'] = 'L\'extension PHP course_notification n\'est pas chargée : aucune notification de cours ne peut être envoyée.';
$string['check:engine:missing_details'] = 'Compilez l\'extension à partir des sources du plugin, installez-la, ajoutez <code>extension={$a}</code> au php.ini du serveur web et à celui de la ligne de commande (cron), puis redémarrez PHP.';
$string['check:engine:ok'] = 'L\'extension course_notification {$a->found} est chargée.';
$string['course_notification:addinstance'] = 'Ajouter un bloc de notifications de cours';
$string['course_notification:benotified'] = 'Recevoir les notifications de cours en tant qu\'apprenant';
$string['course_notification:excludefromnotification'] = 'Être exclu des notifications de cours';
$string['course_notification:setup'] = 'Configurer les notifications de cours';
$string['enginefailed'] = 'Le moteur de notifications a échoué : {$a}';
$string['environment:extensionmissing'] = 'Le bloc de notifications de cours a besoin de l\'extension PHP course_notification, compilée à partir des sources du plugin. Installez-la et activez-la dans le php.ini du serveur web et dans celui de la ligne de commande, puis relancez la vérification.';
$string['extensionmissing'] = 'L\'extension PHP course_notification n\'est pas chargée : les notifications de cours ne peuvent pas être traitées. Demandez à l\'administrateur du site de l\'installer (voir Administration du site > Rapports > État du système).';
$string['pluginname'] = 'Notifications de cours';
$string['privacy:metadata:block_cnotif_outbox'] = 'Une ligne par message de notification préparé pour un utilisateur au sujet d\'un cours, avec son contenu et son état d\'envoi.';
$string['privacy:metadata:block_cnotif_outbox:bodyhtml'] = 'Le corps HTML du message.';
$string['privacy:metadata:block_cnotif_outbox:bodytext'] = 'Le corps texte du message.';
$string['privacy:metadata:block_cnotif_outbox:courseid'] = 'Le cours concerné par le message.';
$string['privacy:metadata:block_cnotif_outbox:lang'] = 'La langue dans laquelle le message a été rédigé.';
$string['privacy:metadata:block_cnotif_outbox:lasterror'] = 'La dernière erreur rencontrée lors de l\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:mailformat'] = 'Si l\'utilisateur reçoit ses courriels en texte seul ou en texte et HTML, copié de son profil lors de la préparation du message.';
$string['privacy:metadata:block_cnotif_outbox:notification'] = 'Le type de notification, par exemple un message d\'accueil ou un rappel de fin d\'accès.';
$string['privacy:metadata:block_cnotif_outbox:recipient'] = 'L\'adresse électronique à laquelle le message est envoyé.';
$string['privacy:metadata:block_cnotif_outbox:recipientname'] = 'Le nom du destinataire.';
$string['privacy:metadata:block_cnotif_outbox:status'] = 'L\'état d\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:subject'] = 'L\'objet du message.';
$string['privacy:metadata:block_cnotif_outbox:timecreated'] = 'La date de préparation du message.';
$string['privacy:metadata:block_cnotif_outbox:timedue'] = 'La date à laquelle le message est devenu dû.';
$string['privacy:metadata:block_cnotif_outbox:timesent'] = 'La date d\'envoi du message.';
$string['privacy:metadata:block_cnotif_outbox:userid'] = 'L\'utilisateur à qui le message est destiné.';
$string['privacy:metadata:smtp'] = 'Les messages de notification sont remis au serveur de messagerie (SMTP) configuré pour le site, qui les achemine hors de Moodle.';
$string['privacy:metadata:smtp:body'] = 'Le corps du message.';
$string['privacy:metadata:smtp:recipient'] = 'L\'adresse électronique et le nom du destinataire.';
$string['privacy:metadata:smtp:subject'] = 'L\'objet du message.';
$string['privacy:path'] = 'Notifications de cours';
$string['settings:cap'] = 'Messages par exécution';
$string['settings:cap_desc'] = 'Le nombre maximal de messages qu\'une exécution de la tâche de notification peut envoyer. Ce qui est retenu part en premier à l\'exécution suivante : un retard (par exemple après l\'installation) se résorbe ainsi sur plusieurs exécutions au lieu d\'engorger le serveur de messagerie.';
$string['settings:enable'] = 'Envoyer les notifications de cours';
$string['settings:enable_desc'] = 'Désactivé, la tâche de notification et l\'observateur d\'achèvement de cours ne font rien. La tâche programmée doit aussi être activée dans Administration du site > Serveur > Tâches programmées.';
$string['settings:engine'] = 'Moteur de notifications';
$string['settings:engineloaded'] = 'L\'extension course_notification est chargée, en version {$a->found} (ce plugin attend la version {$a->expected}).';
$string['settings:enginemissing'] = 'L\'extension PHP {$a} n\'est pas chargée : aucune notification ne peut être envoyée tant qu\'elle n\'est pas installée et activée.';
$string['settings:positiveint'] = 'Saisissez un nombre entier supérieur à zéro.';
$string['settings:title'] = 'Réglages des notifications de cours';
$string['status:disabled'] = 'L\'envoi est désactivé pour le site.';
$string['status:enabled'] = 'L\'envoi est activé pour le site.';
$string['status:engineloaded'] = 'Le moteur de notifications {$a} est chargé.';
$string['status:enginemissing'] = 'Le moteur de notifications n\'est pas installé sur ce serveur : aucune notification n\'est envoyée. Merci de prévenir l\'administrateur du site.';
$string['status:enginenotloaded'] = 'Moteur de notifications non chargé.';
$string['status:ready'] = 'Tout est en place : les notifications dues partent à chaque exécution de la tâche.';
$string['status:taskdisabled'] = 'La tâche de notification est désactivée.';
$string['status:taskenabled'] = 'La tâche de notification est activée.';
$string['status:versionmismatch'] = 'Le moteur de notifications est en version {$a->found}, mais ce plugin attend la version {$a->expected}.';
$string['task:failure'] = 'Échec de l\'envoi de {$a->occkey} à {$a->email} : {$a->error}';
$string['task:notification'] = 'Envoi des notifications de cours';
$string['task:processuser'] = 'Notifications de cours pour un apprenant';
$string['task:sitedisabled'] = 'Les notifications de cours sont désactivées pour le site : rien à faire.';
$string['task:skipped'] = 'Une autre exécution des notifications de cours est en cours (sur un autre nœud cron ?) ; celle-ci n\'a rien fait.';
$string['task:summary'] = 'Évaluées {$a->evaluated}, acceptées {$a->accepted}, écartées {$a->trapped}, mises en file {$a->queued}, envoyées {$a->sent}, en échec {$a->failed}, reportées {$a->deferred}.';
$string['unsupporteddbtype'] = 'Le moteur de notifications ne lit que les bases MySQL et MariaDB ; ce site utilise « {$a} ».';
$string['unsupportedsmtpsecure'] = 'Le réglage de sécurité SMTP du site, « {$a} », n\'est pas reconnu par le moteur de notifications (aucun, ssl ou tls).';
$string['settings:window_none'] = 'Pas de plage : envoi à toute heure';
$string['settings:windowstart'] = 'Début de la plage d\'envoi';
$string['settings:windowstart_desc'] = 'Les messages ne partent qu\'entre cette heure et l\'heure de fin, dans le fuseau horaire de chaque destinataire. Ce que la plage retient attend dans la file d\'envoi et part en premier à son ouverture.';
$string['settings:windowend'] = 'Fin de la plage d\'envoi';
$string['settings:windowend_desc'] = 'Première heure, dans le fuseau du destinataire, où les messages ne partent plus. Une heure de fin avant l\'heure de début donne une plage de nuit.';
$string['settings:windowweekdays'] = 'Jours ouvrés seulement';
$string['settings:windowweekdays_desc'] = 'Retenir aussi les messages le samedi et le dimanche (dans le calendrier du destinataire).';
$string['messageprovider:notification'] = 'Rappels sur vos cours (ouverture, fin d\'accès, inactivité, achèvement)';
$string['messages:course'] = 'Accéder au cours';
$string['messages:notsent'] = 'Moodle n\'a pas accepté la notification (l\'utilisateur n\'existe peut-être plus).';
$string['settings:messageoutput'] = 'Envoyer aussi en notifications Moodle';
$string['settings:messageoutput_desc'] = 'Chaque message part aussi vers la cloche de notifications et l\'application mobile, selon les préférences de notification de chacun. Le courriel est toujours envoyé par le moteur.';
$string['task:messages'] = 'Notifications Moodle : {$a->sent} envoyées, {$a->failed} en échec.';
$string['privacy:metadata:block_cnotif_outbox:recipientid'] = 'L\'utilisateur à qui le message est destiné (l\'apprenant, ou un membre de l\'équipe du cours pour une copie).';
$string['privacy:metadata:block_cnotif_outbox:output'] = 'Si le message part par courriel ou en notification Moodle.';
